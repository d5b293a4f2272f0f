/**
 * The demo feed over HTTP: `feed` answered as a SensorThings API under /v1.1 on 127.0.0.1:`port`
 * (0: any free port), with CORS open because the ops page is served from another localhost port.
 * Used by `npm run feed:demo`, the ops e2e tests and the ops bench.
 * @example const server = await serveDemoFeed(feed, 8091); // http://127.0.0.1:8091/v1.1
 */
import { createServer, type Server } from 'node:http';
import type { DemoFeed } from './demoFeed.ts';

export function serveDemoFeed(feed: Pick<DemoFeed, 'answer'>, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const base = `http://${req.headers.host ?? `127.0.0.1:${port}`}/v1.1`;
    const [status, body] = feed.answer(req.url ?? '/', base);
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`the demo feed's port ${port} is taken: ${e.message}`)));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
