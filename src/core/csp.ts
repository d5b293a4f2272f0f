/**
 * The content security policy of every page (planner, drill, kiosk, run screen): this origin only.
 * blob: for workers and images made in the page, data: for inline images and fonts; WebAssembly may
 * compile ('wasm-unsafe-eval'), plain eval may not. Sent as a header by `vite` and `vite preview`
 * (vite.config.ts) and repeated in index.html's <meta>, so a static host without headers keeps it.
 * An operations feed on the LAN adds its origin to connect-src through `connect`.
 *
 * @example
 * contentSecurityPolicy(['http://10.0.0.5:8080']) // "default-src 'self'; … connect-src 'self' http://10.0.0.5:8080; …"
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** the policy with no feed configured */
export const APP_CSP = contentSecurityPolicy();
