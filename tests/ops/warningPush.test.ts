/**
 * Warning push against a real local HTTP receiver: the POSTs arrive as JSON; a receiver that is down
 * is retried on the schedule and every try is logged; nothing is dropped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WarningOutbox } from '../../src/ops/warningPush.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver on 127.0.0.1 that stores the bodies it gets; answers `status`. */
async function receiver(port = 0, status = 200): Promise<{ url: string; got: unknown[]; server: Server }> {
  const got: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (status < 300) got.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/warn`, got, server };
}

const msg = (id: string) => ({
  id,
  forecastId: 'fc-2024-07-12T06:00Z',
  household: 'b17',
  shelter: 's2',
  leaveBy: '2024-07-12T18:00:00+08:00',
});

describe('warning push', () => {
  it('a local receiver gets each warning as a JSON POST', async () => {
    const rx = await receiver();
    const box = new WarningOutbox(rx.url, [5], fetch);
    box.add(msg('w1'), 0);
    box.add(msg('w2'), 0);
    expect(await box.flush(0)).toBe(2);
    expect(rx.got).toEqual([
      { method: 'POST', type: 'application/json', body: msg('w1') },
      { method: 'POST', type: 'application/json', body: msg('w2') },
    ]);
    expect(box.pending).toBe(0);
    expect(box.log.map((e) => [e.warningId, e.outcome, e.detail, e.forecastId])).toEqual([
      ['w1', 'delivered', 'HTTP 200', 'fc-2024-07-12T06:00Z'],
      ['w2', 'delivered', 'HTTP 200', 'fc-2024-07-12T06:00Z'],
    ]);
  });

  it('a receiver that is down (no listener, then HTTP 503) is retried on schedule and logged, never dropped', async () => {
    // find a free port, then close it so nothing listens there
    const probe = await receiver();
    const port = Number(new URL(probe.url).port);
    await new Promise<void>((r) => probe.server.close(() => r()));
    const logged: string[] = [];
    const box = new WarningOutbox(probe.url, [5, 30], fetch, (e) =>
      logged.push(`${e.timeMs / 1000}s #${e.attempt} ${e.outcome}`),
    );
    box.add(msg('w1'), 0);
    expect(await box.flush(0)).toBe(0);
    expect(await box.flush(4_000)).toBe(0); // not due yet: no try
    expect(await box.flush(5_000)).toBe(0);
    const busy = await receiver(port, 503);
    expect(await box.flush(35_000)).toBe(0);
    expect(box.log[2].detail).toBe('HTTP 503');
    await new Promise<void>((r) => busy.server.close(() => r()));
    const rx = await receiver(port);
    expect(await box.flush(64_000)).toBe(0); // 30 s after the last try, not before
    expect(await box.flush(65_000)).toBe(1);
    expect(rx.got.length).toBe(1);
    expect(logged).toEqual(['0s #1 failed', '5s #2 failed', '35s #3 failed', '65s #4 delivered']);
    expect(box.pending).toBe(0);
  });
});
