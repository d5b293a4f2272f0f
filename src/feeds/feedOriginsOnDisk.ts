/**
 * The LAN origins of every feeds file under a data folder (data/<twin>/feeds.json), for the servers'
 * Content-Security-Policy connect-src (src/core/csp.ts `contentSecurityPolicy({ connect })`): the
 * feeds files are the one place these addresses come from. Node only (vite.config.ts, the CLI).
 * A bad feeds file throws its InputError, so a server does not start with a policy it cannot explain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../core/csp.ts';
import { feedOrigins, readFeedsFile } from './feedsFile.ts';
import { drillRelayOrigins } from '../relay/relayOrigins.ts';

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

/**
 * The policy the servers send and the built index.html carries: APP_CSP, with connect-src opened to
 * the feeds files' origins and to the live drill's LAN relays named in FLOODTWIN_DRILL_RELAYS
 * (drillRelayOrigins; exactly APP_CSP when there is neither).
 * @example serverCsp('data') // "…; connect-src 'self' http://127.0.0.1:8091; …"
 */
export function serverCsp(dataDir = 'data', relays = drillRelayOrigins(process.env.FLOODTWIN_DRILL_RELAYS)): string {
  return contentSecurityPolicy({ evalAllowed: true, connect: [...feedOriginsOnDisk(dataDir), ...relays] });
}

/**
 * index.html with its CSP <meta> (which holds APP_CSP in the source) replaced by `csp`; throws if the
 * meta is missing, so a build never ships a page without a policy.
 */
export function withCspMeta(html: string, csp: string): string {
  const re = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;
  if (!re.test(html)) throw new Error('index.html: no <meta http-equiv="Content-Security-Policy"> to fill in');
  return html.replace(re, `$1${csp}$2`);
}
