/** subset-font ships no types: the one call tools/subsetFont.ts makes */
declare module 'subset-font' {
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    opts?: { targetFormat?: 'woff2' | 'woff' | 'truetype' | 'sfnt' },
  ): Promise<Uint8Array>;
}
