/**
 * `npm run drill:relay [-- --port 8787 --host 0.0.0.0]`: the drill relay for screens on other PCs
 * of the LAN (drillRelay.ts). Open a screen with &relay=ws://<this PC>:8787.
 */
import { parseArgs } from 'node:util';
import { networkInterfaces } from 'node:os';
import { startRelay } from './drillRelay.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, host: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected a port number, got "${values.port}"`);
  process.exit(2);
}
const relay = await startRelay({ port, host: values.host });
const lan = Object.values(networkInterfaces())
  .flat()
  .filter((i) => i && i.family === 'IPv4' && !i.internal)
  .map((i) => i!.address);
console.log(
  `drill relay on port ${relay.port}; screens add &relay=ws://${lan[0] ?? 'localhost'}:${relay.port} (LAN peers only)`,
);
