/**
 * A cross-section tabulated at equally spaced depths: area A, top width T and wetted perimeter P at
 * y = i·yFull/n (i = 0..n), linear in between, as SWMM tabulates its non-elementary shapes. Built from
 * the section's width w(y) (and its wetted perimeter p(y) when the section is not symmetric):
 *   A(y) = ∫₀ʸ w dη                       (Simpson's rule on `sub` steps per interval)
 *   P(y) = w(0) + Σ 2·√(Δη² + (Δw/2)²)      (a symmetric section's two walls, as chords)
 * plus the flat top w(yFull) of a closed section at full depth. Optional published full values
 * (SWMM's aFull, rFull of a standard shape) rescale A and P so that A(yFull), R(yFull) are exact.
 */
/** Where `fill` writes: area, top width, hydraulic radius. */
export interface SectionValues {
  a: number;
  t: number;
  r: number;
}

export interface ShapeTableOptions {
  /** intervals of the table (default 256) */
  n?: number;
  /** published full area / hydraulic radius to match (m², m) */
  aFull?: number;
  rFull?: number;
  /** wetted perimeter p(y) when it does not follow from a symmetric width (irregular transects) */
  perimeter?: (y: number) => number;
}

export class ShapeTable {
  readonly n: number;
  readonly dy: number;
  readonly a: Float64Array;
  readonly t: Float64Array;
  readonly p: Float64Array;
  readonly wMax: number;

  /**
   * @example new ShapeTable(2, true, (y) => 1.5).a[256] // 3 (a 1.5 m wide, 2 m high box)
   */
  constructor(
    readonly yFull: number,
    readonly closed: boolean,
    width: (y: number) => number,
    opts: ShapeTableOptions = {},
  ) {
    const n = opts.n ?? 256;
    this.n = n;
    this.dy = yFull / n;
    this.a = new Float64Array(n + 1);
    this.t = new Float64Array(n + 1);
    this.p = new Float64Array(n + 1);
    let wMax = 0;
    for (let i = 0; i <= n; i++) {
      this.t[i] = width(i * this.dy);
      if (this.t[i] > wMax) wMax = this.t[i];
    }
    this.wMax = wMax;
    this.integrate(width, opts.perimeter);
    if (closed) {
      this.p[n] += this.t[n];
      this.t[n] = 0;
    }
    this.rescale(opts.aFull, opts.rFull);
  }

  private integrate(width: (y: number) => number, perimeter?: (y: number) => number): void {
    const sub = 8;
    const h = this.dy / sub;
    let area = 0;
    let perim = perimeter ? perimeter(0) : width(0);
    let wPrev = width(0);
    this.p[0] = 0;
    for (let i = 0; i < this.n; i++) {
      const y0 = i * this.dy;
      for (let s = 0; s < sub; s++) {
        const ya = y0 + s * h;
        const wb = width(ya + h);
        area += (h / 6) * (wPrev + 4 * width(ya + 0.5 * h) + wb);
        if (!perimeter) perim += 2 * Math.sqrt(h * h + 0.25 * (wb - wPrev) * (wb - wPrev));
        wPrev = wb;
      }
      this.a[i + 1] = area;
      this.p[i + 1] = perimeter ? perimeter(y0 + this.dy) : perim;
    }
  }

  private rescale(aFull?: number, rFull?: number): void {
    const n = this.n;
    const fa = aFull !== undefined && this.a[n] > 0 ? aFull / this.a[n] : 1;
    for (let i = 0; i <= n; i++) this.a[i] *= fa;
    if (rFull !== undefined && this.p[n] > 0) {
      const fp = this.a[n] / rFull / this.p[n];
      for (let i = 1; i <= n; i++) this.p[i] *= fp;
    }
  }

  /** Writes area, top width and hydraulic radius at depth y to `out`; open sections go on with vertical walls. */
  fill(y: number, out: SectionValues): void {
    if (y <= 0) {
      out.a = 0;
      out.t = 0;
      out.r = 0;
      return;
    }
    const n = this.n;
    if (y >= this.yFull) {
      const extra = this.closed ? 0 : y - this.yFull;
      out.a = this.a[n] + this.t[n] * extra;
      out.t = this.t[n];
      const p = this.p[n] + 2 * extra;
      out.r = p > 0 ? out.a / p : 0;
      return;
    }
    const x = y / this.dy;
    const i = x | 0;
    const f = x - i;
    out.a = this.a[i] + f * (this.a[i + 1] - this.a[i]);
    out.t = this.t[i] + f * (this.t[i + 1] - this.t[i]);
    const p = this.p[i] + f * (this.p[i + 1] - this.p[i]);
    out.r = p > 0 ? out.a / p : 0;
  }
}
