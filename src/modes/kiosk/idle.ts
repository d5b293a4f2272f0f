/**
 * The kiosk's idle state machine: active → attract after `attractS` without a touch → reset
 * after `resetS` without a touch (the reset brings it back to the start screen, then attract
 * again) ; any touch goes back to active. Pure: `tick(nowMs)` and `touch(nowMs)` take the time,
 * so tests drive it without a clock; the page calls tick from a timer.
 */
export type IdleState = 'active' | 'attract';

export interface IdleEvents {
  onAttract?(): void;
  onActive?(): void;
  onReset?(): void;
}

export class IdleMachine {
  state: IdleState = 'active';
  private lastTouchMs: number;
  private resetDone = false;
  /** resets since start (for tests) */
  resets = 0;

  constructor(
    readonly attractS: number,
    readonly resetS: number,
    nowMs: number,
    private readonly ev: IdleEvents = {},
  ) {
    if (!(attractS > 0) || !(resetS > attractS))
      throw new RangeError(`need 0 < attractS < resetS, got ${attractS}, ${resetS}`);
    this.lastTouchMs = nowMs;
  }

  touch(nowMs: number): void {
    this.lastTouchMs = nowMs;
    this.resetDone = false;
    if (this.state !== 'active') {
      this.state = 'active';
      this.ev.onActive?.();
    }
  }

  tick(nowMs: number): void {
    const idleS = (nowMs - this.lastTouchMs) / 1000;
    if (this.state === 'active' && idleS >= this.attractS) {
      this.state = 'attract';
      this.ev.onAttract?.();
    }
    if (!this.resetDone && idleS >= this.resetS) {
      this.resetDone = true;
      this.resets++;
      this.ev.onReset?.();
    }
  }
}
