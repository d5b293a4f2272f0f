/**
 * The drill relay (src/relay/drillRelay.ts) on loopback: messages reach the other screens of the
 * room only; a late joiner gets the newest state and frame at once; when the engine screen leaves
 * the room hears "engine-gone"; peers outside the LAN are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startRelay, type Relay } from '../../src/relay/drillRelay.ts';
import { isLanAddress } from '../../src/relay/lanAddress.ts';

let relay: Relay;
beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await relay.close();
});

interface Peer {
  ws: WebSocket;
  got: (string | Buffer)[];
  next(n?: number): Promise<(string | Buffer)[]>;
}

function join(room: string): Promise<Peer> {
  const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/${room}`);
  const got: (string | Buffer)[] = [];
  let waiting: { n: number; done: (v: (string | Buffer)[]) => void } | null = null;
  ws.on('message', (d, binary) => {
    got.push(binary ? Buffer.from(d as Buffer) : String(d));
    if (waiting && got.length >= waiting.n) {
      waiting.done(got.slice());
      waiting = null;
    }
  });
  const next = (n = got.length + 1) =>
    new Promise<(string | Buffer)[]>((done) => {
      if (got.length >= n) done(got.slice());
      else waiting = { n, done };
    });
  return new Promise((ok, fail) => {
    ws.once('open', () => ok({ ws, got, next }));
    ws.once('error', fail);
  });
}

describe('drill relay', () => {
  it('relays to the room, catches up a late joiner and reports the engine gone', async () => {
    const engine = await join('jialing');
    const board = await join('jialing');
    const other = await join('another-drill');
    engine.ws.send(JSON.stringify({ type: 'hello', role: 'engine' }));
    engine.ws.send(JSON.stringify({ type: 'clock', seq: 1 }));
    engine.ws.send(JSON.stringify({ type: 'clock', seq: 2 }));
    const frame = Buffer.from(Float32Array.of(1.5, 2.5, 0).buffer);
    engine.ws.send(frame);
    const seen = await board.next(4);
    expect(seen.slice(1, 3).map((m) => JSON.parse(String(m)).seq)).toEqual([1, 2]);
    expect(Buffer.isBuffer(seen[3]) && (seen[3] as Buffer).equals(frame)).toBe(true);
    // the late joiner: the newest clock, then the newest frame, without asking
    const late = await join('jialing');
    const first = await late.next(2);
    expect(JSON.parse(String(first[0]))).toEqual({ type: 'clock', seq: 2 });
    expect((first[1] as Buffer).equals(frame)).toBe(true);
    // a director's inject goes to the others (the engine) but is not replayed to joiners
    board.ws.send(JSON.stringify({ type: 'inject', inject: { kind: 'message', text: 'hi' } }));
    expect(JSON.parse(String((await engine.next(1)).at(-1))).type).toBe('inject');
    engine.ws.close();
    expect(JSON.parse(String((await board.next(5)).at(-1)))).toEqual({ type: 'engine-gone' });
    expect(other.got).toEqual([]);
    expect(relay.rooms()).toEqual({ jialing: 2, 'another-drill': 1 });
    for (const p of [board, other, late]) p.ws.close();
  });

  it('takes LAN peers only', () => {
    for (const a of [
      '127.0.0.1',
      '::1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.20',
      '::ffff:192.168.0.9',
      'fe80::1',
      'fd12:3456::1',
    ])
      expect(isLanAddress(a)).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:1.2.3.4', undefined])
      expect(isLanAddress(a)).toBe(false);
  });
});
