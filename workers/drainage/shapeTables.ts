/**
 * SWMM's non-elementary cross-sections as `ShapeTable`s, each from its width w(y) (SWMM 5 User's Manual,
 * Appendix A.10 "Cross-Section Geometry", and the shape parameters SWMM derives in xsect.c):
 * - composite shapes from their parts: FILLED_CIRCULAR (circle of diameter g1 filled g2 deep),
 *   HORIZ_/VERT_ELLIPSE (height g1, width g2), ARCH (two half-ellipses meeting at the springline, scaled
 *   to SWMM's aFull = 0.7879·H·W, rFull = 0.2991·H), RECT_TRIANGULAR (triangle g3 high under a box),
 *   RECT_ROUND (arc of radius g3 ≥ g2/2 under a box), MODBASKETHANDLE (arc of radius g3 over a box);
 * - open power-law channels: PARABOLIC w = g2·√(y/g1), POWER w = g2·(y/g1)^(1/g3);
 * - the standard sewer shapes (EGG, HORSESHOE, GOTHIC, CATENARY, SEMIELLIPTICAL, BASKETHANDLE,
 *   SEMICIRCULAR), which SWMM defines only by tables: their relative widths W/Wmax at equal steps of
 *   y/yFull, Wmax/yFull, and the full area and hydraulic radius (SWMM 5.2 xsect.dat W_ tables and
 *   xsect.c). Widths are linear between table entries;
 *   these chords miss 1-6 % of the area, so A and P are scaled to SWMM's full values;
 * - CUSTOM: a closed section from a SHAPE curve (y/yFull → w/yFull).
 * Irregular channels come from transects (`transect.ts`).
 */
import { pow } from '../../src/core/detMath.ts';
import { seriesAt, type Series } from '../../src/core/timeSeries.ts';
import { ShapeTable } from './shapeTable.ts';
import type { XSectionSpec } from './network.ts';

interface StandardShape {
  /** Wmax / yFull */
  wMax: number;
  /** aFull / yFull² and rFull / yFull */
  aFull: number;
  rFull: number;
  /** W / Wmax at y/yFull = i/(n−1) */
  w: readonly number[];
}

const STANDARD: Record<string, StandardShape> = {
  egg: {
    wMax: 2 / 3,
    aFull: 0.5105,
    rFull: 0.1931,
    w: [
      0, 0.325, 0.427, 0.508, 0.582, 0.642, 0.696, 0.746, 0.791, 0.836, 0.866, 0.896, 0.926, 0.956, 0.97, 0.985, 1,
      0.985, 0.97, 0.94, 0.896, 0.836, 0.764, 0.642, 0.31, 0,
    ],
  },
  horseshoe: {
    wMax: 1,
    aFull: 0.8293,
    rFull: 0.2538,
    w: [
      0, 0.5878, 0.8772, 0.89, 0.9028, 0.9156, 0.9284, 0.9412, 0.954, 0.9668, 0.9798, 0.9928, 0.9992, 0.9992, 0.9928,
      0.9798, 0.96, 0.933, 0.898, 0.8542, 0.8, 0.7332, 0.6499, 0.5426, 0.3919, 0,
    ],
  },
  gothic: {
    wMax: 0.84,
    aFull: 0.6554,
    rFull: 0.2269,
    w: [
      0, 0.286, 0.643, 0.762, 0.833, 0.905, 0.952, 0.976, 0.976, 1, 1, 0.976, 0.976, 0.952, 0.905, 0.833, 0.762, 0.667,
      0.524, 0.357, 0,
    ],
  },
  catenary: {
    wMax: 0.9,
    aFull: 0.70277,
    rFull: 0.23172,
    w: [
      0, 0.6667, 0.8222, 0.9111, 0.9778, 1, 1, 0.9889, 0.9778, 0.9556, 0.9333, 0.8889, 0.8444, 0.8, 0.7556, 0.7, 0.6333,
      0.5556, 0.4444, 0.3333, 0,
    ],
  },
  semielliptical: {
    wMax: 1,
    aFull: 0.785,
    rFull: 0.242,
    w: [0, 0.7, 0.98, 1, 1, 1, 0.99, 0.98, 0.96, 0.94, 0.91, 0.88, 0.84, 0.8, 0.75, 0.7, 0.64, 0.56, 0.46, 0.34, 0],
  },
  baskethandle: {
    wMax: 0.944,
    aFull: 0.7862,
    rFull: 0.2464,
    w: [
      0, 0.49, 0.667, 0.82, 0.93, 1, 1, 1, 0.997, 0.994, 0.988, 0.982, 0.967, 0.948, 0.928, 0.904, 0.874, 0.842, 0.798,
      0.75, 0.697, 0.637, 0.567, 0.467, 0.342, 0,
    ],
  },
  semicircular: {
    wMax: 1.64,
    aFull: 1.2697,
    rFull: 0.2946,
    w: [
      0, 0.5488, 0.8537, 1, 1, 0.9939, 0.9878, 0.9756, 0.9634, 0.9451, 0.9207, 0.8902, 0.8537, 0.8171, 0.7683, 0.7073,
      0.6463, 0.5732, 0.4756, 0.3354, 0,
    ],
  },
};

/** Shapes this module tabulates (the five elementary ones and FORCE_MAIN have closed forms in xsection.ts). */
export const TABULATED_SHAPES = [
  'filled_circular',
  'horiz_ellipse',
  'vert_ellipse',
  'arch',
  'parabolic',
  'power',
  'rect_triangular',
  'rect_round',
  'modbaskethandle',
  'custom',
  'irregular',
  ...Object.keys(STANDARD),
] as const;

/** Full depth of a section (m): geom1, less the filled bottom of a FILLED_CIRCULAR. */
export function fullDepth(xs: XSectionSpec): number {
  return xs.shape === 'filled_circular' ? xs.geom1 - xs.geom2 : xs.geom1;
}

/** Width of a circle of radius r at height h above its lowest point (0 outside). */
function chord(r: number, h: number): number {
  const d = r * r - (h - r) * (h - r);
  return d > 0 ? 2 * Math.sqrt(d) : 0;
}

/** Width of an ellipse of height hgt and width wid at height h above its lowest point. */
function ellipseWidth(hgt: number, wid: number, h: number): number {
  const u = (2 * h) / hgt - 1;
  return u >= 1 || u <= -1 ? 0 : wid * Math.sqrt(1 - u * u);
}

/** Width at y of a standard shape tabulated at equal steps of y/yFull. */
function tabulatedWidth(s: StandardShape, yFull: number, y: number): number {
  const m = s.w.length - 1;
  const x = Math.min(Math.max(y / yFull, 0), 1) * m;
  const i = Math.min(x | 0, m - 1);
  const f = x - i;
  return s.wMax * yFull * (s.w[i] + f * (s.w[i + 1] - s.w[i]));
}

/**
 * The tabulated geometry of `xs`, or null for a shape with a closed form.
 * @example shapeTable({ shape: 'horiz_ellipse', geom1: 1, geom2: 1.6, geom3: 0, geom4: 0, barrels: 1 })!.a[256]
 *   // ≈ π/4 · 1 · 1.6 = 1.2566
 */
export function shapeTable(xs: XSectionSpec): ShapeTable | null {
  const h = fullDepth(xs);
  const w2 = xs.geom2;
  switch (xs.shape) {
    case 'filled_circular': {
      const r = xs.geom1 / 2;
      return new ShapeTable(h, true, (y) => chord(r, y + xs.geom2));
    }
    case 'horiz_ellipse':
    case 'vert_ellipse':
      return new ShapeTable(h, true, (y) => ellipseWidth(h, w2, y));
    case 'arch': {
      // lower half-ellipse to the springline at 0.3·H, upper half-ellipse above it
      const ys = 0.3 * h;
      const width = (y: number) =>
        y < ys ? ellipseWidth(2 * ys, w2, y) : ellipseWidth(2 * (h - ys), w2, y - (2 * ys - h));
      return new ShapeTable(h, true, width, { aFull: 0.7879 * h * w2, rFull: 0.2991 * h });
    }
    case 'parabolic':
      return new ShapeTable(h, false, (y) => w2 * Math.sqrt(y / h));
    case 'power':
      return new ShapeTable(h, false, (y) => (y > 0 ? w2 * pow(y / h, 1 / xs.geom3) : 0));
    case 'rect_triangular':
      return new ShapeTable(h, true, (y) => (y < xs.geom3 ? (w2 * y) / xs.geom3 : w2));
    case 'rect_round': {
      const r = Math.max(xs.geom3, w2 / 2);
      const yb = r - Math.sqrt(r * r - (w2 * w2) / 4);
      return new ShapeTable(h, true, (y) => (y < yb ? chord(r, y) : w2));
    }
    case 'modbaskethandle': {
      const r = Math.max(xs.geom3, w2 / 2);
      const yt = h - (r - Math.sqrt(r * r - (w2 * w2) / 4));
      return new ShapeTable(h, true, (y) => (y <= yt ? w2 : chord(r, y - (h - 2 * r))));
    }
    case 'irregular': {
      const tab = xs.transect;
      if (!tab) return null;
      const w: Series = tab.depth.map((d, i) => [d, tab.width[i]]);
      const p: Series = tab.depth.map((d, i) => [d, tab.perimeter[i]]);
      return new ShapeTable(h, false, (y) => seriesAt(w, y), { perimeter: (y) => seriesAt(p, y) });
    }
    case 'custom': {
      const curve: Series = xs.curve ?? [];
      return new ShapeTable(h, true, (y) => h * seriesAt(curve, y / h));
    }
    default: {
      const s = STANDARD[xs.shape];
      if (!s) return null;
      return new ShapeTable(h, true, (y) => tabulatedWidth(s, h, y), { aFull: s.aFull * h * h, rFull: s.rFull * h });
    }
  }
}
