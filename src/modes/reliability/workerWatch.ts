/**
 * Keeps a list of the page's live Web Workers by name (wraps the Worker constructor once), so a
 * browser test can crash the flood worker mid-run: `crash('flood')` terminates it and reports an
 * uncaught error on it, as the browser does when a worker dies of one; `crash('flood', true)`
 * terminates it silently (the run's watchdog must notice the stall).
 */
const live = new Map<Worker, string>();
let installed = false;

export function installWorkerWatch(): void {
  if (installed || typeof Worker === 'undefined') return;
  installed = true;
  const Orig = globalThis.Worker;
  class Watched extends Orig {
    constructor(url: string | URL, opts?: WorkerOptions) {
      super(url, opts);
      live.set(this, opts?.name ?? '');
    }
    terminate(): void {
      live.delete(this);
      super.terminate();
    }
  }
  globalThis.Worker = Watched;
}

export function liveWorkers(name: string): number {
  let n = 0;
  for (const v of live.values()) if (v === name) n++;
  return n;
}

/** crash the first live worker of that name; false when there is none */
export function crash(name: string, silent = false): boolean {
  for (const [w, v] of live) {
    if (v !== name) continue;
    w.terminate();
    if (!silent) w.dispatchEvent(new ErrorEvent('error', { message: 'worker crashed (test hook)' }));
    return true;
  }
  return false;
}
