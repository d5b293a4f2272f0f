/**
 * Same-origin data only. Every URL the page fetches for a scenario (the `?scenario=` link, and every
 * path inside a scenario, twin manifest, drill or layer file) must resolve under the origin of the
 * URL it is relative to, which at the top is the page's own. A path that leads elsewhere
 * (`//evil.example/s.json`, `https://…`, `data:`, `javascript:`) is refused with an InputError, so a
 * link from a chat cannot make the page load (or show) a stranger's files.
 */
import { InputError } from '../core/errors.ts';
import { excerpt as quote } from '../core/excerpt.ts';

/**
 * Resolves `ref` against `base` and returns the URL if it has the same origin as `base`.
 *
 * @example
 * sameOriginUrl('grids/dem.tif', 'https://app.local/scenarios/a.json').href // 'https://app.local/scenarios/grids/dem.tif'
 * sameOriginUrl('//evil.example/s.json', 'https://app.local/') // throws InputError
 */
export function sameOriginUrl(ref: string, base: string | URL, file?: string): URL {
  const from = new URL(base);
  let url: URL;
  try {
    url = new URL(ref, from);
  } catch {
    throw new InputError(`"${quote(ref)}" is not a valid path`, { file });
  }
  if (url.protocol !== from.protocol || url.host !== from.host) {
    throw new InputError(
      `"${quote(ref)}" leads to another origin (${quote(url.protocol + '//' + url.host)}); only files under ${from.protocol}//${from.host} are read`,
      { file },
    );
  }
  return url;
}
