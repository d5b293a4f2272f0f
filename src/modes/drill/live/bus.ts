/**
 * The live drill's message bus: screens in one browser profile over BroadcastChannel, screens on
 * other PCs over the relay (src/relay/drillRelay.ts) when the page has &relay=ws://host:port.
 * Text messages are JSON with a `type`; frames are bytes (frameWire.ts). A screen with the relay
 * hears a message on both paths: the receivers keep only what is newer (by session and index/rev).
 */
export type BusText = { type: string; [k: string]: unknown };

export interface DrillBus {
  send(m: BusText): void;
  sendFrame(buf: ArrayBuffer): void;
  /** whether the relay socket is open (null: no relay) */
  relayOpen(): boolean | null;
  close(): void;
}

export function channelName(room: string): string {
  return `floodtwin-live-drill:${room}`;
}

/** Only a ws:// or wss:// URL of this machine or the LAN (a host name or a private address). */
export function relayUrl(param: string | null): string | null {
  if (!param) return null;
  let u: URL;
  try {
    u = new URL(param);
  } catch {
    throw new Error(`relay: "${param}" is not a URL (expected ws://host:port)`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error(`relay: expected a ws:// URL, got ${u.protocol}`);
  return `${u.protocol}//${u.host}`;
}

export function openBus(
  room: string,
  relay: string | null,
  onText: (m: BusText) => void,
  onFrame: (buf: ArrayBuffer) => void,
  onRelay?: (open: boolean) => void,
): DrillBus {
  const ch = new BroadcastChannel(channelName(room));
  const text = (raw: unknown): void => {
    let m: unknown = raw;
    if (typeof raw === 'string') {
      try {
        m = JSON.parse(raw);
      } catch {
        return;
      }
    }
    if (m && typeof (m as BusText).type === 'string') onText(m as BusText);
  };
  ch.onmessage = (e) => (e.data instanceof ArrayBuffer ? onFrame(e.data) : text(e.data));
  let ws: WebSocket | null = null;
  let closed = false;
  const queue: BusText[] = [];
  const connect = (): void => {
    if (!relay || closed) return;
    ws = new WebSocket(`${relay}/${encodeURIComponent(room)}`);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      onRelay?.(true);
      for (const m of queue.splice(0)) ws!.send(JSON.stringify(m));
    };
    ws.onmessage = (e) => (e.data instanceof ArrayBuffer ? onFrame(e.data) : text(e.data));
    // the relay restarted or the network dropped: try again every two seconds
    ws.onclose = () => {
      onRelay?.(false);
      if (!closed) setTimeout(connect, 2000);
    };
  };
  connect();
  return {
    send(m) {
      ch.postMessage(m);
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
      else if (relay && m.type !== 'engine-alive') queue.push(m);
    },
    sendFrame(buf) {
      ch.postMessage(buf);
      if (ws?.readyState === WebSocket.OPEN) ws.send(buf);
    },
    relayOpen: () => (relay ? ws?.readyState === WebSocket.OPEN : null),
    close() {
      closed = true;
      ch.close();
      ws?.close();
    },
  };
}
