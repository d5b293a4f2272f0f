/**
 * The LAN origins of every feeds file under a data folder (data/<twin>/feeds.json), for the servers'
 * Content-Security-Policy connect-src (src/core/csp.ts `contentSecurityPolicy({ connect })`): the
 * feeds files are the one place these addresses come from. Node only (vite.config.ts, the CLI).
 * A bad feeds file throws its InputError, so a server does not start with a policy it cannot explain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedOrigins, readFeedsFile } from './feedsFile.ts';

export function feedOriginsOnDisk(dataDir = 'data'): string[] {
  const out = new Set<string>();
  if (!existsSync(dataDir)) return [];
  for (const twin of readdirSync(dataDir).sort()) {
    const file = join(dataDir, twin, 'feeds.json');
    if (!existsSync(file)) continue;
    for (const o of feedOrigins(readFeedsFile(JSON.parse(readFileSync(file, 'utf8')), file))) out.add(o);
  }
  return [...out].sort();
}
