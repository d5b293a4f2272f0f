/**
 * Pushing warnings to the city's SMS / app gateway on the LAN: each warning is a JSON POST, queued
 * in an outbox until the gateway answers 2xx. A failed try (no answer, an HTTP error) is logged and
 * retried after the next delay of `retryS` (the last delay repeats): a warning is never dropped.
 * Every try is logged with the id of the forecast that issued the warning.
 */
import type { FetchLike } from '../feeds/sensorThings.ts';

export interface WarningMessage {
  /** unique per warning: the gateway may see a retry twice and can drop the duplicate by this id */
  id: string;
  /** the forecast that issued it */
  forecastId: string;
  [key: string]: unknown;
}

export interface PushLogEntry {
  timeMs: number;
  warningId: string;
  forecastId: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  /** HTTP status, or the network error */
  detail: string;
}

interface Pending {
  msg: WarningMessage;
  attempts: number;
  nextTryMs: number;
}

export class WarningOutbox {
  private readonly queue: Pending[] = [];
  readonly log: PushLogEntry[] = [];
  readonly delivered: WarningMessage[] = [];

  constructor(
    readonly url: string,
    readonly retryS: number[],
    readonly fetchFn: FetchLike,
    /** also hands each log entry on (to a file, the ops view) */
    readonly onLog: (e: PushLogEntry) => void = () => {},
  ) {}

  add(msg: WarningMessage, nowMs: number): void {
    this.queue.push({ msg, attempts: 0, nextTryMs: nowMs });
  }

  /** Warnings not yet delivered. */
  get pending(): number {
    return this.queue.length;
  }

  /** Tries every warning that is due, in the order added; returns how many were delivered. */
  async flush(nowMs: number): Promise<number> {
    let sent = 0;
    for (const p of [...this.queue]) {
      if (p.nextTryMs > nowMs) continue;
      p.attempts++;
      let detail: string;
      let ok = false;
      try {
        const res = await this.fetchFn(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(p.msg),
        });
        ok = res.ok;
        detail = `HTTP ${res.status}`;
      } catch (e) {
        detail = (e as Error).message || String(e);
      }
      const entry: PushLogEntry = {
        timeMs: nowMs,
        warningId: p.msg.id,
        forecastId: p.msg.forecastId,
        attempt: p.attempts,
        outcome: ok ? 'delivered' : 'failed',
        detail,
      };
      this.log.push(entry);
      this.onLog(entry);
      if (ok) {
        this.queue.splice(this.queue.indexOf(p), 1);
        this.delivered.push(p.msg);
        sent++;
      } else {
        p.nextTryMs = nowMs + 1000 * this.retryS[Math.min(p.attempts - 1, this.retryS.length - 1)];
      }
    }
    return sent;
  }
}
