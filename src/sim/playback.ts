/**
 * The timeline clock: play, pause, speed and scrub over recorded frames. While a run streams,
 * "follow" keeps the view on the newest frame; scrubbing or pausing stops following.
 * `tick(wallDtS)` is called from requestAnimationFrame; it never reads the clock itself, so it
 * is testable and deterministic.
 */
export class Playback {
  t = 0;
  playing = false;
  follow = true;
  /** simulated seconds per wall-clock second */
  speed = 600;

  constructor(private readonly end: () => number) {}

  play(): void {
    if (this.t >= this.end()) this.t = 0;
    this.playing = true;
    this.follow = false;
  }

  pause(): void {
    this.playing = false;
    this.follow = false;
  }

  seek(t: number): void {
    this.t = Math.max(0, Math.min(this.end(), t));
    this.follow = false;
  }

  /** advance; returns true when the shown time changed */
  tick(wallDtS: number): boolean {
    const before = this.t;
    const end = this.end();
    if (this.follow) this.t = end;
    else if (this.playing) {
      this.t = Math.min(end, this.t + wallDtS * this.speed);
      if (this.t >= end) this.playing = false;
    }
    return this.t !== before;
  }
}
