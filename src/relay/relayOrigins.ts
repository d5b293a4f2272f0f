/**
 * The live drill relays the pages may connect to (the servers' connect-src, feedOriginsOnDisk.ts):
 * FLOODTWIN_DRILL_RELAYS, a comma-separated list of ws:// (or wss://) origins on this machine or the
 * LAN, e.g. `FLOODTWIN_DRILL_RELAYS=ws://192.168.1.20:8787 npm run preview`. None by default: the
 * pages then reach no relay, and the screens of one browser profile still share the drill.
 */
import { InputError } from '../core/errors.ts';
import { isLanAddress } from './lanAddress.ts';

/** @example drillRelayOrigins('ws://192.168.1.20:8787') // ['ws://192.168.1.20:8787'] */
export function drillRelayOrigins(list: string | undefined): string[] {
  if (!list?.trim()) return [];
  return list.split(',').map((raw) => {
    const s = raw.trim();
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new InputError(`FLOODTWIN_DRILL_RELAYS: "${s}" is not a URL (expected ws://host:port)`, {
        field: 'FLOODTWIN_DRILL_RELAYS',
      });
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const lan = host === 'localhost' || isLanAddress(host) || !/[.:]/.test(host);
    if ((u.protocol !== 'ws:' && u.protocol !== 'wss:') || !lan)
      throw new InputError(
        `FLOODTWIN_DRILL_RELAYS: "${s}" is not a ws:// origin on this machine or the LAN (a private address or a bare host name)`,
        { field: 'FLOODTWIN_DRILL_RELAYS' },
      );
    return `${u.protocol}//${u.host}`;
  });
}
