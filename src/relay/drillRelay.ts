/**
 * The drill relay: a small WebSocket hub (the `ws` package) that carries one live drill to screens
 * on other PCs of the LAN, and to screens on the same machine. No internet: it listens on the LAN
 * and refuses peers outside it (lanAddress.ts).
 *
 * Rooms are named by the URL path (ws://host:port/<drill>). Every message a screen sends goes to
 * every other screen of its room, unchanged. The relay keeps the newest message of each kind so a
 * screen that joins late (or reloads) gets the current state at once:
 *  - text messages are JSON `{ "type": …, … }`; the newest of each type is kept, except "inject"
 *    requests (a director's inject is for the engine, now) and "hello";
 *  - binary messages are frames (src/modes/drill/frameWire.ts); the newest is kept.
 * A screen that says `{ "type": "hello", "role": "engine" }` is the room's engine: when it leaves,
 * the relay tells the room `{ "type": "engine-gone" }`, so the screens keep their last frame and say so.
 */
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { isLanAddress } from './lanAddress.ts';

export interface RelayOptions {
  port?: number;
  /** interface to listen on (default all: the LAN) */
  host?: string;
  /** accept peers outside the LAN (tests only) */
  anyPeer?: boolean;
}

export interface Relay {
  port: number;
  close(): Promise<void>;
  /** screens connected, by room */
  rooms(): Record<string, number>;
}

interface Room {
  peers: Set<WebSocket>;
  text: Map<string, string>;
  frame: Buffer | null;
  engine: WebSocket | null;
}

const NOT_KEPT = new Set(['inject', 'hello', 'engine-gone']);
/** the largest message (a float32 depth frame of a 4-million-cell grid and its header) */
const MAX_MESSAGE_BYTES = 64 * 2 ** 20;

export function startRelay(o: RelayOptions = {}): Promise<Relay> {
  const wss = new WebSocketServer({ port: o.port ?? 8787, host: o.host, maxPayload: MAX_MESSAGE_BYTES });
  const rooms = new Map<string, Room>();
  const roomOf = (name: string): Room => {
    let r = rooms.get(name);
    if (!r) {
      r = { peers: new Set(), text: new Map(), frame: null, engine: null };
      rooms.set(name, r);
    }
    return r;
  };
  wss.on('connection', (ws, req) => {
    if (!o.anyPeer && !isLanAddress(req.socket.remoteAddress)) {
      ws.close(1008, 'the drill relay serves the local network only');
      return;
    }
    const room = roomOf(decodeURIComponent((req.url ?? '/').split('?')[0].replace(/^\/+/, '')) || 'drill');
    room.peers.add(ws);
    // the current state at once: the kept texts, then the newest frame
    for (const t of room.text.values()) ws.send(t);
    if (room.frame) ws.send(room.frame);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) room.frame = buf;
      else {
        const text = buf.toString('utf8');
        let msg: { type?: unknown; role?: unknown };
        try {
          msg = JSON.parse(text);
        } catch {
          return; // not a drill message
        }
        if (typeof msg?.type !== 'string') return;
        if (msg.type === 'hello' && msg.role === 'engine') room.engine = ws;
        if (!NOT_KEPT.has(msg.type)) room.text.set(msg.type, text);
      }
      for (const p of room.peers) if (p !== ws && p.readyState === WebSocket.OPEN) p.send(buf, { binary: isBinary });
    });
    ws.on('close', () => {
      room.peers.delete(ws);
      if (room.engine === ws) {
        room.engine = null;
        const gone = JSON.stringify({ type: 'engine-gone' });
        for (const p of room.peers) if (p.readyState === WebSocket.OPEN) p.send(gone);
      }
    });
  });
  return new Promise((resolvePromise, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => {
      const addr = wss.address();
      resolvePromise({
        port: typeof addr === 'object' && addr ? addr.port : (o.port ?? 8787),
        rooms: () => Object.fromEntries([...rooms].map(([k, r]) => [k, r.peers.size])),
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}
