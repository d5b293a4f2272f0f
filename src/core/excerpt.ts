/**
 * A short, printable excerpt of text that came from a file or the command line, for error messages:
 * control characters (terminal escape sequences included) are dropped, and at most `max` characters
 * are kept, so an error never echoes a file's content or drives the terminal.
 *
 * @example
 * excerpt('\u001b[31mred\u001b[0m') // '[31mred[0m'
 * excerpt('x'.repeat(100), 10) // 'xxxxxxxxxx…'
 */
export function excerpt(text: string, max = 80): string {
  const clean = String(text).replace(/[\p{Cc}\u2028\u2029]/gu, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
