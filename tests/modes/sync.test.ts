import { describe, expect, it } from 'vitest';
import { DirectorSync, FollowerSync, type ChannelLike } from '../../src/modes/drill/sync.ts';
import { initialClock, jumpTo, pause, start, type ClockState } from '../../src/modes/drill/clock.ts';
import { parseDrill } from '../../src/modes/drill/schema.ts';
import { frameAt } from '../../src/modes/drill/state.ts';
import { readFileSync } from 'node:fs';

/** In-memory BroadcastChannel: a message reaches every other member (not the sender), synchronously. */
class FakeBus {
  members: FakeChannel[] = [];
  delivered = 0;
}
class FakeChannel implements ChannelLike {
  private fns: ((e: { data: unknown }) => void)[] = [];
  constructor(private readonly bus: FakeBus) {
    bus.members.push(this);
  }
  postMessage(msg: unknown) {
    const copy = structuredClone(msg);
    for (const m of this.bus.members)
      if (m !== this)
        for (const f of m.fns.slice()) {
          this.bus.delivered++;
          f({ data: copy });
        }
  }
  addEventListener(_: 'message', fn: (e: { data: unknown }) => void) {
    this.fns.push(fn);
  }
  removeEventListener(_: 'message', fn: (e: { data: unknown }) => void) {
    this.fns = this.fns.filter((f) => f !== fn);
  }
}

const drill = parseDrill(readFileSync('scenarios/drills/jialing-flood-drill.json', 'utf8'));

describe('drill sync protocol', () => {
  it("followers derive the director's frame after play, pause and jump", () => {
    const bus = new FakeBus();
    let clock: ClockState = initialClock(drill.durationS, 10);
    const director = new DirectorSync(new FakeChannel(bus), 'A', () => clock);
    const f1 = new FollowerSync(new FakeChannel(bus));
    const f2 = new FollowerSync(new FakeChannel(bus));
    // followers said hello: the director answered with its state
    expect(f1.drillTime(0)).toBe(0);
    const frames = (now: number) =>
      [clock, f1.clock!, f2.clock!].map((c) =>
        frameAt(
          drill,
          Math.min(c.endS, c.running ? c.anchorDrillS + ((now - c.anchorWallMs) / 1000) * c.speed : c.anchorDrillS),
        ),
      );
    clock = start(clock, 1_000);
    director.publish();
    expect(frames(7_000)).toEqual([frameAt(drill, 60), frameAt(drill, 60), frameAt(drill, 60)]);
    expect(f2.drillTime(7_000)).toBe(60);
    clock = pause(clock, 8_000);
    director.publish();
    expect(f1.drillTime(50_000)).toBe(70);
    expect(f2.drillTime(50_000)).toBe(70);
    clock = jumpTo(clock, 51_000, 420);
    director.publish();
    expect(frames(60_000)).toEqual([frameAt(drill, 420), frameAt(drill, 420), frameAt(drill, 420)]);
  });

  it('a stale or malformed message is ignored; a new director session replaces the old', () => {
    const bus = new FakeBus();
    const raw = new FakeChannel(bus);
    const f = new FollowerSync(new FakeChannel(bus));
    expect(f.clock).toBeNull();
    const c5 = { ...initialClock(900), anchorDrillS: 50, seq: 5 };
    raw.postMessage({ type: 'clock', session: 'A', clock: c5 });
    raw.postMessage({ type: 'clock', session: 'A', clock: { ...c5, anchorDrillS: 10, seq: 4 } });
    expect(f.drillTime(0)).toBe(50);
    raw.postMessage({ type: 'clock', session: 'A', clock: { ...c5, seq: 6, speed: 'fast' } });
    raw.postMessage({ type: 'nonsense' });
    raw.postMessage(null);
    expect(f.drillTime(0)).toBe(50);
    raw.postMessage({ type: 'clock', session: 'B', clock: { ...c5, anchorDrillS: 7, seq: 1 } });
    expect(f.drillTime(0)).toBe(7);
  });

  it('a follower that opens late gets the state at once (hello → clock)', () => {
    const bus = new FakeBus();
    let clock = start(initialClock(900, 2), 0);
    clock = jumpTo(clock, 0, 100);
    new DirectorSync(new FakeChannel(bus), 'A', () => clock);
    const late = new FollowerSync(new FakeChannel(bus));
    expect(late.drillTime(5_000)).toBe(110);
    late.close();
  });
});
