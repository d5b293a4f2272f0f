/**
 * The water surface: one vertex per DEM cell centre, drawn by Cesium itself as a custom primitive
 * (a DrawCommand in the opaque pass), so the globe's depth buffer hides water behind hills and
 * buildings with no extra work and the surface moves exactly with Cesium's camera and vertical
 * exaggeration.
 *
 * Geometry is built once; far views draw a coarser index buffer over the same vertices (every
 * 2nd, 4th or 8th row and column) so a million-cell grid stays cheap to draw in an overview. A depth frame is a Float32Array in grid order (row 0 north); it is
 * copied straight into one of two vertex buffers (`bufferSubData`, no rebuild). The shader mixes
 * the two with a weight, which interpolates smoothly between recorded frames; cells shallower
 * than DRY_DEPTH_M are discarded per fragment, so dry land shows through and shorelines are smooth.
 *
 * Hazard mode: each frame's speed (m/s per cell, as the engine streams it) comes with its depth; on
 * upload the FD2320 hazard class of every cell (colorRamp.ts hazardClassesInto: the metrics' own
 * hazardRating / hazardClassIndex) goes into a second pair of vertex buffers, mixed like the depth.
 * Only while the hazard view is on; switching it on classes the two resident frames.
 */
import { BoundingSphere, Cartesian3, Matrix4, type Scene } from 'cesium';
import type { Grid } from '../core/grid.ts';
import { cellCentresEnu, type TwinFrame } from './twinFrame.ts';
import { DRY_DEPTH_M, hazardClassesInto, rampGlsl } from '../export/colorRamp.ts';
import {
  opaqueTriangles,
  shaderProgram,
  vertexBuffer,
  type CustomPrimitive,
  type FrameState,
  type GlBuffer,
  type GlContext,
  type GlDrawCommand,
  type GlProgram,
} from './cesiumRenderer.ts';

const VS = `
in vec3 position;
in vec3 up;
in float ground;
in float depth0;
in float depth1;
in float hz0;
in float hz1;
uniform float u_weight1;
uniform float u_exag;
uniform float u_exagRel;
uniform float u_lift;
out float v_depth;
out float v_hz;
out vec3 v_posEC;
void main() {
  float d = mix(depth0, depth1, u_weight1);
  v_depth = d;
  v_hz = mix(hz0, hz1, u_weight1);
  float h = ground + max(d, 0.0);
  float he = (h - u_exagRel) * u_exag + u_exagRel + u_lift;
  vec4 p = vec4(position + up * he, 1.0);
  v_posEC = (czm_modelView * p).xyz;
  gl_Position = czm_modelViewProjection * p;
}
`;

const FS = `
in float v_depth;
in float v_hz;
in vec3 v_posEC;
uniform float u_dry;
uniform float u_hazard;
${rampGlsl()}
void main() {
  if (v_depth < u_dry) discard;
  vec3 c = u_hazard > 0.5 ? hazardRamp(v_hz) : depthRamp(v_depth);
  // gentle relief shading from the surface slope (screen-space normal)
  vec3 n = normalize(cross(dFdx(v_posEC), dFdy(v_posEC)));
  float shade = 0.85 + 0.15 * abs(n.z);
  out_FragColor = vec4(c * shade, 1.0);
}
`;

export interface WaterLayer {
  /**
   * show frames a and b mixed: weight 0 = a, 1 = b (a, b: depth per cell, metres; aSpeed, bSpeed:
   * speed per cell, m/s, for the hazard classes; none = still water)
   */
  setFrames(
    a: Float32Array,
    aKey: number,
    b: Float32Array,
    bKey: number,
    weight: number,
    aSpeed?: Float32Array | null,
    bSpeed?: Float32Array | null,
  ): void;
  setHazardMode(on: boolean): void;
  hazardMode(): boolean;
  /** the level of detail drawn last (1 = every cell, 2 = every other row and column, ...) */
  lodStride(): number;
  /** force a level (null = by distance) */
  setLodStride(s: number | null): void;
  /** seconds spent on the main thread by the last setFrames (upload included) */
  lastUpdateMs(): number;
  show: boolean;
  destroy(): void;
}

export function addWaterLayer(scene: Scene, dem: Grid, frame: TwinFrame): WaterLayer {
  const { ncols, nrows } = dem;
  const n = ncols * nrows;
  const { pos, up } = cellCentresEnu(frame);
  const ground = new Float32Array(n);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const h = dem.values[i];
    if (h < lo) lo = h;
    if (h > hi) hi = h;
  }
  for (let i = 0; i < n; i++) ground[i] = Number.isNaN(dem.values[i]) ? lo : dem.values[i];
  // two triangles per quad of four neighbouring vertices; a nodata corner drops the quad. Level s
  // uses every s-th row and column (plus the last), so far views draw s² fewer triangles: the
  // vertex data stay the same, only the index buffer differs.
  const levelIndices = (stride: number): Uint32Array => {
    const cols: number[] = [],
      rows: number[] = [];
    for (let c = 0; c < ncols - 1; c += stride) cols.push(c);
    cols.push(ncols - 1);
    for (let r = 0; r < nrows - 1; r += stride) rows.push(r);
    rows.push(nrows - 1);
    const out = new Uint32Array((cols.length - 1) * (rows.length - 1) * 6);
    let k = 0;
    const v = dem.values;
    for (let j = 0; j + 1 < rows.length; j++) {
      for (let i = 0; i + 1 < cols.length; i++) {
        const i00 = rows[j] * ncols + cols[i],
          i10 = rows[j] * ncols + cols[i + 1];
        const i01 = rows[j + 1] * ncols + cols[i],
          i11 = rows[j + 1] * ncols + cols[i + 1];
        if (Number.isNaN(v[i00]) || Number.isNaN(v[i10]) || Number.isNaN(v[i01]) || Number.isNaN(v[i11])) continue;
        out[k++] = i00;
        out[k++] = i01;
        out[k++] = i10;
        out[k++] = i10;
        out[k++] = i01;
        out[k++] = i11;
      }
    }
    return out.subarray(0, k);
  };
  const MAX_STRIDE = 8;
  const zeros = new Float32Array(n);

  const slots: { key: number; depth: Float32Array | null; speed: Float32Array | null }[] = [
    { key: NaN, depth: null, speed: null },
    { key: NaN, depth: null, speed: null },
  ];
  // hazard class per cell of each slot's frame (0–3 as floats), reused: no allocation per frame
  const hzData = [new Float32Array(n), new Float32Array(n)];
  let weight1 = 0;
  let hazard = false;
  let lastMs = 0;

  const attributeLocations = { position: 0, up: 1, ground: 2, depth0: 3, depth1: 4, hz0: 5, hz1: 6 };
  // one draw command per level of detail, made when first needed
  const commands = new Map<number, GlDrawCommand>();
  let depthBuffers: GlBuffer[] = [];
  let hzBuffers: GlBuffer[] = [];
  let vertexBuffers: GlBuffer[] = [];
  let program: GlProgram | null = null;
  let stride = 1;
  const pending: (Float32Array | null)[] = [null, null];
  const pendingHz = [false, false];
  let lodOverride: number | null = null;

  const centre = new Cartesian3();
  Matrix4.multiplyByPoint(frame.enuToFixed, new Cartesian3(0, 0, (lo + hi) / 2), centre);
  const halfDiag = 0.5 * Math.hypot(ncols * dem.cellSize, nrows * dem.cellSize);

  const uniformMap = {
    u_weight1: () => weight1,
    u_exag: () => scene.verticalExaggeration,
    u_exagRel: () => scene.verticalExaggerationRelativeHeight,
    u_lift: () => 0.05,
    u_dry: () => DRY_DEPTH_M,
    u_hazard: () => (hazard ? 1 : 0),
  };

  function create(context: GlContext): void {
    // the vertex buffers are shared by the levels' vertex arrays and destroyed here
    depthBuffers = [vertexBuffer(context, zeros, true), vertexBuffer(context, zeros, true)];
    hzBuffers = [vertexBuffer(context, zeros, true), vertexBuffer(context, zeros, true)];
    vertexBuffers = [
      vertexBuffer(context, pos, false),
      vertexBuffer(context, up, false),
      vertexBuffer(context, ground, false),
      ...depthBuffers,
      ...hzBuffers,
    ];
    program = shaderProgram(context, VS, FS, attributeLocations);
  }

  function commandFor(context: GlContext, level: number): GlDrawCommand {
    let cmd = commands.get(level);
    if (cmd) return cmd;
    cmd = opaqueTriangles(context, {
      program: program as GlProgram,
      attributes: [3, 3, 1, 1, 1, 1, 1].map((components, index) => ({ buffer: vertexBuffers[index], components })),
      indices: levelIndices(level),
      uniformMap,
      modelMatrix: frame.enuToFixed,
      owner: layer,
    });
    commands.set(level, cmd);
    return cmd;
  }

  /** the coarsest level whose quads stay under ~3 pixels at the nearest point of the twin */
  function chooseStride(frameState: FrameState, sphere: BoundingSphere): number {
    const cam = frameState.camera;
    const dist = Math.max(1, Cartesian3.distance(cam.positionWC, sphere.center) - sphere.radius);
    const fovy = (cam.frustum as { fovy?: number }).fovy ?? Math.PI / 3;
    const pxPerM = frameState.context.drawingBufferHeight / (2 * Math.tan(fovy / 2) * dist);
    const cellPx = dem.cellSize * pxPerM;
    let s = 1;
    while (s < MAX_STRIDE && cellPx * s * 2 <= 3) s *= 2;
    return s;
  }

  const primitive: CustomPrimitive = {
    show: true,
    update(frameState: FrameState) {
      if (!primitive.show) return;
      if (!program) create(frameState.context);
      for (let s = 0; s < 2; s++) {
        const p = pending[s];
        if (p) {
          depthBuffers[s].copyFromArrayView(p, 0);
          pending[s] = null;
        }
        if (pendingHz[s]) {
          hzBuffers[s].copyFromArrayView(hzData[s], 0);
          pendingHz[s] = false;
        }
      }
      const ex = scene.verticalExaggeration;
      const rel = scene.verticalExaggerationRelativeHeight;
      const top = (hi + 20 - rel) * ex + rel;
      const bottom = (lo - rel) * ex + rel;
      Matrix4.multiplyByPoint(frame.enuToFixed, new Cartesian3(0, 0, (top + bottom) / 2), centre);
      const sphere = new BoundingSphere(centre, Math.hypot(halfDiag, (top - bottom) / 2));
      stride = lodOverride ?? chooseStride(frameState, sphere);
      const command = commandFor(frameState.context, stride);
      command.boundingVolume = sphere;
      frameState.commandList.push(command);
    },
    isDestroyed: () => false,
    destroy() {
      for (const c of commands.values()) c.vertexArray.destroy();
      for (const b of vertexBuffers) b.destroy();
      program?.destroy();
      return undefined;
    },
  };

  /** hazard classes of slot s's frame, uploaded now if the GL context exists, else at the next update */
  function classify(s: number): void {
    hazardClassesInto(slots[s].depth!, slots[s].speed, hzData[s]);
    if (hzBuffers.length) hzBuffers[s].copyFromArrayView(hzData[s], 0);
    else pendingHz[s] = true;
  }

  const layer: WaterLayer = {
    setFrames(a, aKey, b, bKey, weight, aSpeed, bSpeed) {
      const t0 = performance.now();
      // keep whichever frame is already resident; upload only what is new
      const want = [aKey, bKey];
      const data = [a, b];
      const speeds = [aSpeed ?? null, bSpeed ?? null];
      const slotOf = [slots.findIndex((s) => s.key === aKey), slots.findIndex((s) => s.key === bKey)];
      if (aKey === bKey && slotOf[0] >= 0) slotOf[1] = slotOf[0];
      for (let w = 0; w < 2; w++) {
        // the same new frame twice (a live frame, no blend): one upload, one slot
        if (w === 1 && bKey === aKey) slotOf[1] = slotOf[0];
        if (slotOf[w] >= 0) continue;
        const free = slots.findIndex((_, s) => s !== slotOf[1 - w]);
        slots[free].key = want[w];
        slots[free].depth = data[w];
        slots[free].speed = speeds[w];
        pending[free] = data[w];
        if (hazard) classify(free);
        // upload now when the GL context exists (so the timing covers the real copy)
        if (depthBuffers.length) {
          depthBuffers[free].copyFromArrayView(data[w], 0);
          pending[free] = null;
        }
        slotOf[w] = free;
      }
      // weight of slot 1 in the mix
      weight1 = slotOf[0] === slotOf[1] ? (slotOf[0] === 1 ? 1 : 0) : slotOf[1] === 1 ? weight : 1 - weight;
      lastMs = performance.now() - t0;
      scene.requestRender();
    },
    setHazardMode(on) {
      if (on && !hazard) for (let s = 0; s < 2; s++) if (slots[s].depth) classify(s);
      hazard = on;
      scene.requestRender();
    },
    hazardMode: () => hazard,
    lodStride: () => stride,
    setLodStride(s) {
      lodOverride = s;
      scene.requestRender();
    },
    lastUpdateMs: () => lastMs,
    get show() {
      return primitive.show;
    },
    set show(v: boolean) {
      primitive.show = v;
      scene.requestRender();
    },
    destroy() {
      scene.primitives.remove(primitive);
    },
  };
  scene.primitives.add(primitive);
  return layer;
}
