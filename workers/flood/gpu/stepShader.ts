/**
 * The WGSL compute kernels of one flood step: the same algorithm as the CPU engine
 * (localInertial.ts, positivity.ts, boundaries.ts, sources.ts), in float32 like the CPU state.
 * Agreement, not bit identity: GPUs may fuse a·b + c and divide to 2.5 ulp, where the CPU rounds
 * after every operation. One thread per face or cell; the order of kernels in a step is that of
 * band.ts: fluxes (x, y) → positivity factors → scaling, edge volumes and depths (one kernel) →
 * inflows → infiltration: three to five dispatches a step (a software adapter pays per dispatch). Maxima (h_max, wave speed) are reduced per workgroup, then by atomicMax on the
 * bits of non-negative floats (monotone as u32), so the result does not depend on thread order;
 * the first bad cell is the atomicMin of its index, as the CPU reports the first in row order.
 * The mass ledger is kept per cell / edge face / inflow entry as compensated (Kahan) float32
 * pairs, summed in float64 on the host (driver.ts), so no float atomics and no order dependence.
 */
export const WORKGROUP = 256;

/** Bindings (group 0), shared by every entry point; each pipeline's auto layout keeps those it uses. */
export const BINDING = {
  params: 0,
  z: 1,
  h: 2,
  n2: 3,
  qxOld: 4,
  qxNew: 5,
  qyOld: 6,
  qyNew: 7,
  fac: 8,
  maxH: 9,
  arrival: 10,
  red: 11,
  acc: 12,
  infRate: 13,
  infLeft: 14,
  idx: 15,
  vals: 16,
  dst: 17,
} as const;

/** Slots of the reduction buffer (u32 words). */
export const RED = { hMax: 0, speed: 1, runaway: 2, depthError: 3 } as const;
export const RED_WORDS = 4;
export const NO_CELL = 0xffffffff;

/** Field order of the uniform block (all 4-byte scalars, see params.ts). */
export const PARAM_FIELDS = [
  ['ncols', 'u32'],
  ['nrows', 'u32'],
  ['centred', 'u32'],
  ['implicit', 'u32'],
  ['gdt', 'f32'],
  ['gdtHalf', 'f32'],
  ['invDx', 'f32'],
  ['theta', 'f32'],
  ['side', 'f32'],
  ['hThr', 'f32'],
  ['vmax2', 'f32'],
  ['dtdx', 'f32'],
  ['rain', 'f32'],
  ['t1', 'f32'],
  ['arr', 'f32'],
  ['negTol', 'f32'],
  ['kindN', 'u32'],
  ['kindS', 'u32'],
  ['kindE', 'u32'],
  ['kindW', 'u32'],
  ['slopeN', 'f32'],
  ['slopeS', 'f32'],
  ['slopeE', 'f32'],
  ['slopeW', 'f32'],
  ['stHiN', 'f32'],
  ['stHiS', 'f32'],
  ['stHiE', 'f32'],
  ['stHiW', 'f32'],
  ['stLoN', 'f32'],
  ['stLoS', 'f32'],
  ['stLoE', 'f32'],
  ['stLoW', 'f32'],
  ['dt', 'f32'],
  ['vol', 'f32'],
  ['accEdge', 'u32'],
  ['accRain', 'u32'],
  ['accInflow', 'u32'],
  ['nCells', 'u32'],
  ['strideX', 'u32'],
  ['pad', 'u32'],
] as const;

const struct = `struct Params {\n${PARAM_FIELDS.map(([n, t]) => `  ${n}: ${t},`).join('\n')}\n}`;

export const STEP_WGSL = /* wgsl */ `
${struct}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> h: array<f32>;
@group(0) @binding(3) var<storage, read_write> n2: array<f32>;
@group(0) @binding(4) var<storage, read_write> qxOld: array<f32>;
@group(0) @binding(5) var<storage, read_write> qxNew: array<f32>;
@group(0) @binding(6) var<storage, read_write> qyOld: array<f32>;
@group(0) @binding(7) var<storage, read_write> qyNew: array<f32>;
@group(0) @binding(8) var<storage, read_write> fac: array<f32>;
@group(0) @binding(9) var<storage, read_write> maxH: array<f32>;
@group(0) @binding(10) var<storage, read_write> arrival: array<f32>;
@group(0) @binding(11) var<storage, read_write> red: array<atomic<u32>, ${RED_WORDS}>;
@group(0) @binding(12) var<storage, read_write> acc: array<vec2f>;
@group(0) @binding(13) var<storage, read_write> infRate: array<f32>;
@group(0) @binding(14) var<storage, read_write> infLeft: array<f32>;
@group(0) @binding(15) var<storage, read_write> idx: array<u32>;
@group(0) @binding(16) var<storage, read_write> vals: array<f32>;
@group(0) @binding(17) var<storage, read_write> dst: array<f32>;

const G: f32 = 9.81;
const ROUNDING: f32 = 2.384185791015625e-7;
const SPEED_DEPTH: f32 = 0.1;

/** linear thread index of a 2D dispatch (rows of strideX threads: more than 65535 groups) */
fn lin(g: vec3u) -> u32 { return g.x + g.y * P.strideX; }

/** hf^(7/3) = hf²·∛hf; ∛ from pow, then one Newton step (pow73.ts uses a table: agreement to ~1e-6) */
fn pow73(x: f32) -> f32 {
  var c = pow(x, 1.0 / 3.0);
  c = c - (c * c * c - x) / (3.0 * c * c);
  return x * x * c;
}

fn isNan(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u;
}

/** compensated sum into a (sum, compensation) pair (Kahan 1965) */
fn kadd(i: u32, v: f32) {
  let s = acc[i];
  let y = v - s.y;
  let t = s.x + y;
  acc[i] = vec2f(t, (t - s.x) - y);
}

/**
 * max into red[slot] by atomicMax on the bits (non-negative floats order as their u32 bits). One
 * atomic per thread that has a value: software adapters pay dearly for workgroup barriers.
 */
fn reduceMax(v: f32, slot: u32) {
  if (v > 0.0) { atomicMax(&red[slot], bitcast<u32>(v)); }
}

/** flow depth max(η0, η1) − max(z0, z1) as max(h0 − (zm − z0), h1 − (zm − z1)) (localInertial.ts) */
fn flowDepth(h0: f32, h1: f32, z0: f32, z1: f32) -> f32 {
  let zm = max(z0, z1);
  return max(h0 + (z0 - zm), h1 + (z1 - zm));
}

fn mean4(a: f32, b: f32, c: f32, d: f32) -> f32 { return 0.25 * (((a + b) + c) + d); }

/** the new flux of one wet face (localInertial.ts faceFlux): Bates or θ form, semi-implicit or implicit friction */
fn faceFlux(q0: f32, qPerp: f32, qSides: f32, h0: f32, h1: f32, z0: f32, z1: f32, hf: f32, nSum: f32) -> f32 {
  var dEta = (z1 - z0) + (h1 - h0);
  let tol = (h0 + h1) * ROUNDING;
  if (dEta < tol && dEta > -tol) { dEta = 0.0; }
  let slope = dEta * P.invDx;
  let drive = (P.gdt * hf) * slope;
  let d73 = pow73(hf);
  let fa = P.gdtHalf * nSum;
  let qs = q0 - drive;
  var qm = q0;
  if (P.implicit == 1u) {
    let aq = (fa / d73) * abs(qs);
    qm = (2.0 * qs) / (1.0 + sqrt(1.0 + 4.0 * aq));
  }
  let inv = d73 / (d73 + fa * sqrt(qm * qm + qPerp * qPerp));
  var q = qs * inv;
  if (P.centred == 1u) {
    let qc = (((P.theta * q0) + P.side * qSides) - drive) * inv;
    if (qc * slope <= 0.0) { q = qc; }
  }
  return q;
}

/** |u| + √(g·hf) of a face deeper than SPEED_DEPTH, else 0 (the time step's wave speed) */
fn faceSpeed(q: f32, hf: f32) -> f32 {
  if (hf > SPEED_DEPTH) { return abs(q) / hf + sqrt(G * hf); }
  return 0.0;
}

fn runaway(q: f32, hf: f32, k: u32) {
  if (q * q > (P.vmax2 * hf) * hf) { atomicMin(&red[${RED.runaway}u], k); }
}

/** an outer face (boundaries.ts edgeFlux): kind 0 closed, 1 free (normal depth), 2 stage (ghost cell) */
fn edgeFlux(kind: u32, slope: f32, stHi: f32, stLo: f32, q0: f32, k: u32, outward: f32) -> f32 {
  if (kind == 0u) { return 0.0; }
  let hc = h[k];
  let qOut0 = q0 * outward;
  if (kind == 1u) {
    if (!(hc > P.hThr)) { return 0.0; }
    let qOut = (qOut0 + P.gdt * hc * slope) / (1.0 + (P.gdt * n2[k] * abs(qOut0)) / pow73(hc));
    return max(qOut, 0.0) * outward;
  }
  // stage − η_cell as (stage_hi − z) + stage_lo − h: exact-ish at any bed height
  let d = ((stHi - z[k]) + stLo) - hc;
  let hf = max(d, 0.0) + hc;
  if (!(hf > P.hThr)) { return 0.0; }
  let qOut = (qOut0 - P.gdt * hf * (d * P.invDx)) / (1.0 + (P.gdt * n2[k] * abs(qOut0)) / pow73(hf));
  return qOut * outward;
}

fn fluxX(f: u32) {
  let nf = P.ncols + 1u;
  var s: f32 = 0.0;
  if (f < nf * P.nrows) {
    let r = f / nf;
    let c = f - r * nf;
    let cb = r * P.ncols;
    var q: f32 = 0.0;
    if (c == 0u) {
      q = edgeFlux(P.kindW, P.slopeW, P.stHiW, P.stLoW, qxOld[f], cb, -1.0);
    } else if (c == P.ncols) {
      q = edgeFlux(P.kindE, P.slopeE, P.stHiE, P.stLoE, qxOld[f], cb + c - 1u, 1.0);
    } else {
      let k = cb + c;
      let hf = flowDepth(h[k - 1u], h[k], z[k - 1u], z[k]);
      if (hf > P.hThr) {
        let yn = cb;
        let ys = cb + P.ncols;
        let qy = mean4(qyOld[yn + c - 1u], qyOld[yn + c], qyOld[ys + c - 1u], qyOld[ys + c]);
        var sides: f32 = 0.0;
        if (P.centred == 1u) { sides = qxOld[f - 1u] + qxOld[f + 1u]; }
        q = faceFlux(qxOld[f], qy, sides, h[k - 1u], h[k], z[k - 1u], z[k], hf, n2[k - 1u] + n2[k]);
        runaway(q, hf, k);
        s = faceSpeed(q, hf);
      }
    }
    qxNew[f] = q;
  }
  reduceMax(s, ${RED.speed}u);
}

fn fluxY(f: u32) {
  let ncols = P.ncols;
  var s: f32 = 0.0;
  if (f < ncols * (P.nrows + 1u)) {
    let j = f / ncols;
    let c = f - j * ncols;
    var q: f32 = 0.0;
    if (j == 0u) {
      q = edgeFlux(P.kindN, P.slopeN, P.stHiN, P.stLoN, qyOld[f], c, -1.0);
    } else if (j == P.nrows) {
      q = edgeFlux(P.kindS, P.slopeS, P.stHiS, P.stLoS, qyOld[f], f - ncols, 1.0);
    } else {
      let kn = f - ncols;
      let ks = f;
      let hf = flowDepth(h[kn], h[ks], z[kn], z[ks]);
      if (hf > P.hThr) {
        let nf = ncols + 1u;
        let xn = (j - 1u) * nf + c;
        let xs = j * nf + c;
        let qx = mean4(qxOld[xn], qxOld[xn + 1u], qxOld[xs], qxOld[xs + 1u]);
        var sides: f32 = 0.0;
        if (P.centred == 1u) { sides = qyOld[f - ncols] + qyOld[f + ncols]; }
        q = faceFlux(qyOld[f], qx, sides, h[kn], h[ks], z[kn], z[ks], hf, n2[kn] + n2[ks]);
        runaway(q, hf, ks);
        s = faceSpeed(q, hf);
      }
    }
    qyNew[f] = q;
  }
  reduceMax(s, ${RED.speed}u);
}

/** all faces, x then y: the new (unscaled) fluxes from the old (scaled) ones */
@compute @workgroup_size(${WORKGROUP})
fn fluxes(@builtin(global_invocation_id) gid: vec3u) {
  let i = lin(gid);
  let nx = (P.ncols + 1u) * P.nrows;
  if (i < nx) { fluxX(i); } else { fluxY(i - nx); }
}

/**
 * positivity.ts outflowFactors: a cell whose outflow over the step exceeds its depth gets
 * h / outflow; a wall gets −1 (no face next to it carries water, so no flux reads it as a donor),
 * which tells the depth kernel where rain falls without another binding.
 */
@compute @workgroup_size(${WORKGROUP})
fn factors(@builtin(global_invocation_id) gid: vec3u) {
  let k = lin(gid);
  if (k >= P.nCells) { return; }
  let r = k / P.ncols;
  let f = k + r; // r·(ncols + 1) + c
  let e = qxNew[f + 1u];
  let w = qxNew[f];
  let s = qyNew[k + P.ncols];
  let n = qyNew[k];
  let out = P.dtdx * (((max(e, 0.0) - min(w, 0.0)) + max(s, 0.0)) - min(n, 0.0));
  let hk = h[k];
  var fk: f32 = 1.0;
  if (out > hk) { fk = hk / out; }
  if (n2[k] == 0.0) { fk = -1.0; }
  fac[k] = fk;
}

/** positivity.ts scaleOutflows for one face: by the donor's factor (a is the cell on the − side) */
fn scaled(q: f32, a: u32, hasA: bool, b: u32, hasB: bool) -> f32 {
  if (q > 0.0 && hasA) { return q * fac[a]; }
  if (q < 0.0 && hasB) { return q * fac[b]; }
  return q;
}

/** boundaries.ts bookBoundaryVolumes for one edge face (slot i of E, outward-positive flux) */
fn book(i: u32, qOut: f32) {
  let nEdge = 2u * (P.ncols + P.nrows);
  if (qOut > 0.0) { kadd(P.accEdge + nEdge + i, qOut * P.vol); }
  else if (qOut < 0.0) { kadd(P.accEdge + i, -qOut * P.vol); }
}

/**
 * localInertial.ts depthRow with the positivity scaling of the cell's four faces (each face is
 * scaled the same by both its cells; the scaled fluxes go to the old-flux arrays, which the next
 * step reads) and the edge volumes: continuity, rain, running maximum, arrival; clamps and
 * reports bad depths. Edge slots: west rows [0, R), east [R, 2R), north columns, south columns.
 */
@compute @workgroup_size(${WORKGROUP})
fn depth(@builtin(global_invocation_id) gid: vec3u) {
  let k = lin(gid);
  var hm: f32 = 0.0;
  if (k < P.nCells) {
    let ncols = P.ncols;
    let nrows = P.nrows;
    let r = k / ncols;
    let c = k - r * ncols;
    let f = k + r;
    let west = scaled(qxNew[f], k - 1u, c > 0u, k, true);
    let east = scaled(qxNew[f + 1u], k, true, k + 1u, c + 1u < ncols);
    let north = scaled(qyNew[k], k - ncols, r > 0u, k, true);
    let south = scaled(qyNew[k + ncols], k, true, k + ncols, r + 1u < nrows);
    qxOld[f] = west;
    qyOld[k] = north;
    if (c + 1u == ncols) { qxOld[f + 1u] = east; book(nrows + r, east); }
    if (r + 1u == nrows) { qyOld[k + ncols] = south; book(2u * nrows + ncols + c, south); }
    if (c == 0u) { book(r, -west); }
    if (r == 0u) { book(2u * nrows + c, -north); }
    var valid: f32 = 1.0;
    if (fac[k] < 0.0) { valid = 0.0; }
    var hn = (h[k] + P.dtdx * (((west - east) + north) - south)) + P.rain * valid;
    let nan = isNan(hn);
    if (nan || hn < 0.0) {
      if (nan || hn < -P.negTol) { atomicMin(&red[${RED.depthError}u], 2u * k + select(1u, 0u, nan)); }
      if (!nan) { kadd(k, -hn); }
      hn = 0.0;
    }
    h[k] = hn;
    hm = hn;
    let m = maxH[k];
    if (hn > m) {
      maxH[k] = hn;
      if (hn >= P.arr && m < P.arr) { arrival[k] = P.t1; }
    }
  }
  reduceMax(hm, ${RED.hMax}u);
}

/** rainField.ts applyRainField: each valid cell adds its station's depth (idx: station of cell, vals: depths) */
@compute @workgroup_size(${WORKGROUP})
fn rainField(@builtin(global_invocation_id) gid: vec3u) {
  let k = lin(gid);
  var hm: f32 = 0.0;
  if (k < P.nCells) {
    let d = vals[idx[k]];
    if (d != 0.0 && fac[k] >= 0.0) {
      let before = h[k];
      let hk = before + d;
      h[k] = hk;
      kadd(P.accRain + k, hk - before);
      hm = hk;
      let m = maxH[k];
      if (hk > m) {
        maxH[k] = hk;
        if (hk >= P.arr && m < P.arr) { arrival[k] = P.t1; }
      }
    }
  }
  reduceMax(hm, ${RED.hMax}u);
}

/** sources.ts applyInflows: one thread, the entries in order (two inflows may share a cell) */
@compute @workgroup_size(1)
fn inflows() {
  var hm: f32 = 0.0;
  for (var i = 0u; i < arrayLength(&idx); i++) {
    let k = idx[i];
    let before = h[k];
    let after = before + vals[i];
    h[k] = after;
    kadd(P.accInflow + i, after - before);
    hm = max(hm, after);
    let m = maxH[k];
    if (after > m) {
      maxH[k] = after;
      if (after >= P.arr && m < P.arr) { arrival[k] = P.t1; }
    }
  }
  if (hm > 0.0) { atomicMax(&red[${RED.hMax}u], bitcast<u32>(hm)); }
}

/** sources.ts applyInfiltration: each cell's rate until its storage is used, never more than its water */
@compute @workgroup_size(${WORKGROUP})
fn infiltrate(@builtin(global_invocation_id) gid: vec3u) {
  let k = lin(gid);
  if (k >= P.nCells) { return; }
  let cap = infRate[k] * P.dt;
  let hk = h[k];
  if (cap == 0.0 || hk <= 0.0) { return; }
  let take = min(min(cap, hk), infLeft[k]);
  if (take <= 0.0) { return; }
  let hn = hk - take;
  h[k] = hn;
  let real = hk - hn;
  infLeft[k] = infLeft[k] - real;
  kadd(P.nCells + k, real);
}

/** vals[i] = h[idx[i]]: the sewer coupler's cells, read back */
@compute @workgroup_size(${WORKGROUP})
fn gather(@builtin(global_invocation_id) gid: vec3u) {
  let i = lin(gid);
  if (i < arrayLength(&idx)) { vals[i] = h[idx[i]]; }
}

/** dst[idx[i]] = vals[i]: the coupler's cells (into h) or moved beds (into z) */
@compute @workgroup_size(${WORKGROUP})
fn scatter(@builtin(global_invocation_id) gid: vec3u) {
  let i = lin(gid);
  if (i < arrayLength(&idx)) { dst[idx[i]] = vals[i]; }
}
`;
