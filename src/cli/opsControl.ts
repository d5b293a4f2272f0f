/**
 * The runner's control endpoint on the LAN (the feeds file's `ops.controlUrl`): the ops view's
 * "forecast now" button POSTs `<controlUrl>forecast` and the runner issues a forecast on its next
 * step (OpsLoop.requestForecast). The page reads the result as it reads every forecast: the
 * runner's warning list and forecast grid files. It answers 202 with `{ "queued": true }`, any
 * origin may read the answer (a simple CORS request: no preflight); nothing else is served.
 */
import { createServer, type Server } from 'node:http';
import { forecastRequestUrl } from '../feeds/feedsFile.ts';

/** Listens on the URL's host and port; resolves once listening. */
export function serveOpsControl(controlUrl: string, onForecast: () => void): Promise<Server> {
  const url = new URL(controlUrl);
  const path = new URL(forecastRequestUrl(controlUrl)!).pathname;
  const server = createServer((req, res) => {
    const reply = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    if (new URL(req.url ?? '/', controlUrl).pathname !== path) return reply(404, { error: `only POST ${path}` });
    if (req.method !== 'POST') return reply(405, { error: `only POST ${path}` });
    onForecast();
    reply(202, { queued: true });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`the ops control URL ${controlUrl} cannot listen: ${e.message}`)));
    server.listen(Number(url.port || 80), url.hostname, () => resolve(server));
  });
}
