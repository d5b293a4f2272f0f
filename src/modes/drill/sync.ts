/**
 * Multi-screen drill sync over BroadcastChannel. The director broadcasts its clock STATE (not
 * frames) on every change and as a heartbeat; each follower keeps the newest state (by seq, per
 * director session) and derives drill time, hence the frame, from it and the shared wall clock.
 * A follower that opens late asks with a "hello" and the director answers with its state.
 * The channel is injected (a fake one in the unit tests).
 */
import { drillTime, type ClockState } from './clock.ts';

export interface ChannelLike {
  postMessage(msg: unknown): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  removeEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  close?(): void;
}

export type SyncMessage = { type: 'clock'; session: string; clock: ClockState } | { type: 'hello' };

export function channelName(drill: string): string {
  return `floodtwin-drill:${drill}`;
}

function isClock(c: unknown): c is ClockState {
  const o = c as Record<string, unknown>;
  return (
    !!o &&
    typeof o.running === 'boolean' &&
    ['speed', 'anchorWallMs', 'anchorDrillS', 'endS', 'seq'].every(
      (k) => typeof o[k] === 'number' && Number.isFinite(o[k] as number),
    )
  );
}

/** The director side: owns the clock; publish() after each change. */
export class DirectorSync {
  private readonly onMsg = (e: { data: unknown }) => {
    if ((e.data as SyncMessage)?.type === 'hello') this.publish();
  };

  constructor(
    private readonly ch: ChannelLike,
    private readonly session: string,
    private readonly clock: () => ClockState,
  ) {
    ch.addEventListener('message', this.onMsg);
  }

  publish(): void {
    this.ch.postMessage({ type: 'clock', session: this.session, clock: this.clock() } satisfies SyncMessage);
  }

  close(): void {
    this.ch.removeEventListener('message', this.onMsg);
  }
}

/** The follower side: the newest clock state heard, or null before the first. */
export class FollowerSync {
  clock: ClockState | null = null;
  private session = '';
  private readonly onMsg = (e: { data: unknown }) => {
    const m = e.data as SyncMessage;
    if (m?.type !== 'clock' || typeof m.session !== 'string' || !isClock(m.clock)) return;
    // a new director session replaces the old; within a session only newer states count
    if (m.session !== this.session || !this.clock || m.clock.seq > this.clock.seq) {
      this.session = m.session;
      this.clock = m.clock;
      this.onChange?.(m.clock);
    }
  };

  constructor(
    private readonly ch: ChannelLike,
    private readonly onChange?: (c: ClockState) => void,
  ) {
    ch.addEventListener('message', this.onMsg);
    ch.postMessage({ type: 'hello' } satisfies SyncMessage);
  }

  /** drill time now, or null before the director spoke */
  drillTime(nowMs: number): number | null {
    return this.clock ? drillTime(this.clock, nowMs) : null;
  }

  close(): void {
    this.ch.removeEventListener('message', this.onMsg);
  }
}
