/**
 * The ops view's "forecast now" control: a button that asks the runner for a forecast (POST to the
 * feeds file's `ops.controlUrl`, forecastRequestUrl; `floodtwin ops` listens there,
 * src/cli/opsControl.ts) and a line that follows the request until the runner's warning list
 * carries a new forecast id (the page reads that list on every poll, as before).
 */
import { t } from '../i18n/index.ts';

export interface ForecastNowState {
  /** idle: not asked; sending; queued: the runner took it; issued: a new forecast is shown; failed */
  state: 'idle' | 'sending' | 'queued' | 'issued' | 'failed';
  /** the forecast shown when it was asked for, then the new one once issued */
  forecastId: string;
  /** why it failed (the runner's answer or the network error) */
  detail: string;
}

export class ForecastNowControl {
  private readonly button: HTMLButtonElement;
  private readonly note: HTMLElement;

  constructor(
    el: HTMLElement,
    private readonly url: string,
    readonly s: ForecastNowState,
    /** the forecast id of the warning list shown now ('' if none) */
    private readonly shownForecastId: () => string,
  ) {
    this.button = document.createElement('button');
    this.button.id = 'opsForecastNow';
    this.button.className = 'k-btn';
    this.note = document.createElement('span');
    this.note.id = 'opsForecastNowNote';
    this.note.className = 'ops-note';
    el.replaceChildren(this.button, ' ', this.note);
    this.button.addEventListener('click', () => void this.request());
    this.render();
  }

  /** Asks the runner; the state says whether it took the request. */
  async request(): Promise<void> {
    Object.assign(this.s, { state: 'sending', forecastId: this.shownForecastId(), detail: '' });
    this.render();
    try {
      // a simple CORS request (no body, no custom header): no preflight
      const res = await fetch(this.url, { method: 'POST' });
      if (res.ok) this.s.state = 'queued';
      else Object.assign(this.s, { state: 'failed', detail: `HTTP ${res.status}` });
    } catch (e) {
      Object.assign(this.s, { state: 'failed', detail: (e as Error).message });
    }
    this.render();
  }

  /** After each poll: a warning list with a new forecast id answers the request. */
  seen(forecastId: string): void {
    if (this.s.state === 'queued' && forecastId && forecastId !== this.s.forecastId) {
      Object.assign(this.s, { state: 'issued', forecastId });
    }
    this.render();
  }

  render(): void {
    this.button.textContent = t('ops.forecastNow');
    this.button.disabled = this.s.state === 'sending' || this.s.state === 'queued';
    const lines: Record<ForecastNowState['state'], string> = {
      idle: '',
      sending: t('ops.forecastSending'),
      queued: t('ops.forecastQueued'),
      issued: `${t('ops.forecastIssued')} ${this.s.forecastId}`,
      failed: `${t('ops.forecastFailed')} (${this.s.detail})`,
    };
    this.note.textContent = lines[this.s.state]; // DOM text: the id and the error come from outside
  }
}
