/**
 * Escapes text for HTML and XML element content and quoted attribute values. Every value that comes
 * from a file, a feed or the URL goes through this (or a DOM text node) before it reaches markup.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">') // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(s: string): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
