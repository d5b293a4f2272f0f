/**
 * Under the modes' content security policy (startMode.ts) zod may not compile validators with
 * `new Function`. A zod object schema decides whether it will compile when it is CONSTRUCTED
 * (module load), before startMode runs, so this module is src/main.ts's first import: in the
 * drill and kiosk modes every schema is built jitless.
 */
import { z } from 'zod';

const mode = new URLSearchParams(location.search).get('mode');
if (mode === 'drill' || mode === 'kiosk') z.config({ jitless: true });
