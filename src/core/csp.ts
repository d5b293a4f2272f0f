/**
 * The content security policy of every page (planner, drill, kiosk, run screen): this origin only.
 * blob: for workers and images made in the page, data: for inline images and fonts; WebAssembly may
 * compile ('wasm-unsafe-eval'). No inline script and no script from elsewhere ever runs. Sent as a
 * header by `vite` and `vite preview` (vite.config.ts) and repeated in index.html's <meta>, so a
 * static host without headers keeps it. An operations feed on the LAN adds its origin through `connect`.
 *
 * @example
 * contentSecurityPolicy({ connect: ['http://10.0.0.5:8080'] }) // "default-src 'self'; … connect-src 'self' http://10.0.0.5:8080; …"
 */
export function contentSecurityPolicy(opts: { evalAllowed?: boolean; connect?: readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${opts.evalAllowed ? "'unsafe-eval' " : ''}'wasm-unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...(opts.connect ?? [])].join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The planner page's policy (and the servers' header). It must allow eval: the knockout library that
 * Cesium bundles runs `(0, eval)('this')` when it loads. The drill, kiosk and run screens, which load
 * no Cesium, add STRICT_CSP in a <meta> (src/modes/startMode.ts); a page obeys both policies.
 */
export const APP_CSP = contentSecurityPolicy({ evalAllowed: true });

/** the policy with no eval at all */
export const STRICT_CSP = contentSecurityPolicy();
