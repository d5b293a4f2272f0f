/**
 * Test hooks in one place: the browser tests read a page's state through `window.floodtwin*`
 * entries, and a page installs them only when the test flag is set before it loads
 * (`window.__FLOODTWIN_TEST__ = true`, which tests/e2e/browser.ts `enableTestHooks` adds with
 * playwright's `addInitScript`). A visitor's page never carries them.
 *
 * Each entry is typed here, so tests can write `window.floodtwinRun?.status` instead of
 * `(window as any)`. Pages call `exposeTestHooks(name, hooks)` and keep using `hooks` themselves.
 */

/** the drill's simulation screen (src/modes/reliability/runPage.ts) */
export interface RunScreenHooks {
  ready: boolean;
  status: string;
  error?: string;
  restarts: unknown[];
  run?(opts?: { crashAtFrame?: number; silent?: boolean }): Promise<void>;
  [k: string]: unknown;
}

/** the planner's risk-zoning panel (src/ui/ensemblePanel.ts, `?ensemble=`) */
export interface EnsembleHooks {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  /** the merged folder's maps (file names), the one drawn now, the risk points drawn */
  maps: string[];
  shown: string | null;
  riskPoints?: number;
  reportUrl?: string;
  /** picks a map (null: none) and the risk points, as the panel's controls do; resolves once drawn */
  show?(file: string | null, withRisk?: boolean): Promise<void>;
}

/** the page entries, by name; a page adds its own here as it moves to this module */
export interface TestHookEntries {
  floodtwinRun: RunScreenHooks;
  floodtwinEnsemble: EnsembleHooks;
}

declare global {
  interface Window {
    /** set by a test before the page loads: install the hooks */
    __FLOODTWIN_TEST__?: boolean;
    floodtwinRun?: RunScreenHooks;
    floodtwinEnsemble?: EnsembleHooks;
  }
}

/** true when the page runs under a browser test (the flag was set before it loaded) */
export function testHooksEnabled(
  w: { __FLOODTWIN_TEST__?: boolean } = globalThis as { __FLOODTWIN_TEST__?: boolean },
): boolean {
  return w.__FLOODTWIN_TEST__ === true;
}

/**
 * Puts `hooks` on `window[name]` when testHooksEnabled(), and returns them either way.
 * @example const hooks = exposeTestHooks('floodtwinRun', { ready: false, status: 'loading', restarts: [] });
 */
export function exposeTestHooks<K extends keyof TestHookEntries>(
  name: K,
  hooks: TestHookEntries[K],
  w: Partial<Record<K, TestHookEntries[K]>> & { __FLOODTWIN_TEST__?: boolean } = globalThis as never,
): TestHookEntries[K] {
  if (testHooksEnabled(w)) w[name] = hooks;
  return hooks;
}
