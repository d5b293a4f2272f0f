/**
 * Whether a peer address is on the local network (loopback, RFC 1918 private IPv4, link-local,
 * IPv6 unique-local / link-local, and IPv4-mapped forms of these): the drill relay refuses others.
 * @example isLanAddress('192.168.1.20') // true
 */
export function isLanAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.toLowerCase().replace(/^::ffff:/, '');
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [p, q] = [Number(v4[1]), Number(v4[2])];
    return (
      p === 127 || p === 10 || (p === 172 && q >= 16 && q <= 31) || (p === 192 && q === 168) || (p === 169 && q === 254)
    );
  }
  return a === '::1' || /^f[cd][0-9a-f]{2}:/.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
}
