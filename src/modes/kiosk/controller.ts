/**
 * The kiosk's state outside React: language, the chosen card and the visitor's one change, the
 * card's live run and recorded prefix, the card clock, the tapped building, the story and the idle
 * machine. React components subscribe (useSyncExternalStore); the water mesh reads the clock each
 * frame. `reset()` is the start screen in the start language with nothing of the last visitor left.
 */
import { getLang, setLang, type Lang } from '../i18n/index.ts';
import { CARDS, type CardId, type CardVariant } from './cards.ts';
import { recordedPrefix, startLiveRun, type LiveRun } from './liveRun.ts';
import { pickWater, type TimedFrame, type WaterPick } from './waterClock.ts';

export interface KioskSnapshot {
  lang: Lang;
  card: CardId | null;
  variant: CardVariant;
  /** 'starting' until a frame shows, then which frames show */
  source: 'starting' | 'live' | 'recorded' | null;
  /** display time (s) of the card clock, rounded to the frame shown */
  timeS: number;
  error: string | null;
  attract: boolean;
  story: number | null;
  /** index of the tapped building, or null */
  building: number | null;
  /** bumps on every reset (the camera goes home) */
  resets: number;
}

/**
 * ms between a tap and the start of its live run: a visitor flicking through cards starts no run
 * per card (the recorded prefix shows at once in the meantime)
 */
export const LIVE_DELAY_MS = 250;

/** seconds the last frame stays before the card's clock starts again */
const HOLD_END_S = 4;

export class KioskController {
  private snap: KioskSnapshot;
  private listeners = new Set<() => void>();
  live: LiveRun | null = null;
  recorded: TimedFrame[] = [];
  /** card clock (simulated s) and the wall time it stayed at the end */
  clockS = 0;
  private endHoldS = 0;
  /** the variant the live run and the recording were started for */
  private runKey = '';
  private tapMs = 0;
  private liveTimer = 0;
  /** wall ms from the last card tap to the first water past t = 0 on the table (null until then) */
  firstWaterMs: number | null = null;

  constructor(readonly startLang: Lang) {
    setLang(startLang);
    this.snap = {
      lang: startLang,
      card: null,
      variant: { rain: 1, levee: true },
      source: null,
      timeS: 0,
      error: null,
      attract: false,
      story: null,
      building: null,
      resets: 0,
    };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  get = (): KioskSnapshot => this.snap;

  private set(p: Partial<KioskSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const f of this.listeners) f();
  }

  toggleLang(): void {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    this.set({ lang: getLang() });
  }

  /** tapping a card starts its live run at once (with the recorded prefix while it catches up) */
  selectCard(id: CardId, variant: CardVariant = CARDS[id].defaults): void {
    this.stopRun();
    this.clockS = 0;
    this.endHoldS = 0;
    const key = `${id}:${variant.rain}:${variant.levee}`;
    this.runKey = key;
    this.live = null;
    this.liveTimer = window.setTimeout(() => {
      if (this.runKey === key) this.live = startLiveRun(id, variant);
    }, LIVE_DELAY_MS);
    this.recorded = [];
    void recordedPrefix(id, variant).then((r) => {
      if (this.runKey === key) this.recorded = r;
    });
    this.tapMs = performance.now();
    this.firstWaterMs = null;
    this.set({ card: id, variant, source: 'starting', timeS: 0, error: null, building: null });
  }

  /** the visitor's one change: the rain multiplier or the wall */
  setVariant(v: CardVariant): void {
    if (this.snap.card) this.selectCard(this.snap.card, v);
  }

  home(): void {
    this.stopRun();
    this.set({ card: null, source: null, timeS: 0, error: null });
  }

  tapBuilding(i: number | null): void {
    this.set({ building: i });
  }

  story(step: number | null): void {
    this.set({ story: step });
  }

  setAttract(on: boolean): void {
    if (on !== this.snap.attract) this.set({ attract: on });
  }

  reset(): void {
    this.stopRun();
    setLang(this.startLang);
    this.set({
      lang: this.startLang,
      card: null,
      variant: { rain: 1, levee: true },
      source: null,
      timeS: 0,
      error: null,
      story: null,
      building: null,
      resets: this.snap.resets + 1,
    });
  }

  private stopRun(): void {
    clearTimeout(this.liveTimer);
    this.live?.cancel();
    this.live = null;
    this.recorded = [];
    this.runKey = '';
  }

  /**
   * Advances the card clock by `dtS` wall seconds and returns the frames to show (null: no card).
   * The clock never runs past the frames there are (live or recorded); at the end it holds, then
   * plays again from the start (the live frames are kept).
   */
  advance(dtS: number): WaterPick | null {
    const id = this.snap.card;
    if (!id) return null;
    const live = this.live?.frames ?? [];
    if (this.live?.error && this.snap.error !== this.live.error) this.set({ error: this.live.error });
    const spec = CARDS[id];
    const last = (f: TimedFrame[]) => (f.length ? f[f.length - 1].t : 0);
    const avail = Math.max(last(live), last(this.recorded));
    if (this.clockS >= spec.durationS - 1e-6 && this.live?.done) {
      this.endHoldS += dtS;
      if (this.endHoldS > HOLD_END_S) {
        this.clockS = 0;
        this.endHoldS = 0;
      }
    } else this.clockS = Math.min(spec.durationS, this.clockS + dtS * spec.simPerWallS, avail);
    const pick = pickWater(live, this.recorded, this.clockS);
    if (pick && pick.t > 0 && this.firstWaterMs === null) this.firstWaterMs = performance.now() - this.tapMs;
    const source = pick ? pick.source : 'starting';
    const timeS = pick ? Math.round(pick.t) : 0;
    if (source !== this.snap.source || Math.abs(timeS - this.snap.timeS) >= 60) this.set({ source, timeS });
    return pick;
  }
}
