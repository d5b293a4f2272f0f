/**
 * The one door to Cesium's private renderer. Buffer, ShaderProgram, VertexArray, DrawCommand,
 * RenderState, Pass… are exported by the `cesium` package but marked `@private` and left out of its
 * type declarations, so any Cesium release may rename or change them. Every use goes through this
 * file, with small typed interfaces for exactly what we call, and `missingRendererApi()` names what a
 * new release lacks so the page fails loudly instead of drawing no water.
 *
 * `package.json` pins `cesium` to the release on which the browser tests that draw the water
 * (tests/e2e/run.test.ts, tests/e2e/modesWater.test.ts) and tests/unit/cesiumRenderer.test.ts pass.
 * Before raising the pin, run those.
 */
import * as Cesium from 'cesium';
import type { BoundingSphere, Camera, Matrix4 } from 'cesium';

/** the WebGL context wrapper Cesium hands to a primitive's update */
export interface GlContext {
  readonly drawingBufferHeight: number;
}

export interface GlBuffer {
  copyFromArrayView(data: ArrayBufferView, offsetInBytes: number): void;
  destroy(): void;
}

export interface GlProgram {
  destroy(): void;
}

export interface GlDrawCommand {
  boundingVolume: BoundingSphere;
  readonly vertexArray: { destroy(): void };
}

/** what `primitive.update(frameState)` receives, as far as we read it */
export interface FrameState {
  readonly context: GlContext;
  readonly camera: Camera;
  readonly commandList: GlDrawCommand[];
}

/** a primitive Cesium calls once per frame (scene.primitives.add accepts any such object) */
export interface CustomPrimitive {
  show: boolean;
  update(frameState: FrameState): void;
  isDestroyed(): boolean;
  destroy(): undefined;
}

/** the private classes and enums used below */
const PRIVATE = ['Buffer', 'BufferUsage', 'ShaderProgram', 'VertexArray', 'DrawCommand', 'RenderState', 'Pass', 'PrimitiveType', 'ComponentDatatype', 'IndexDatatype'] as const;

// biome-ignore lint/suspicious/noExplicitAny: the one place that reads Cesium's untyped private exports
const C = Cesium as unknown as Record<(typeof PRIVATE)[number], any>;

/** names of the private renderer members this Cesium build lacks ([] when all are there) */
export function missingRendererApi(): string[] {
  return PRIVATE.filter((k) => C[k] === undefined);
}

function requireRendererApi(): void {
  const missing = missingRendererApi();
  if (missing.length) throw new Error(`this Cesium build lacks ${missing.join(', ')}: the water cannot be drawn (see src/scene/cesiumRenderer.ts)`);
}

/**
 * A vertex buffer of floats; `dynamic` for data re-uploaded often. It is not destroyed with the vertex
 * arrays that use it (several levels of detail share it): call `destroy()` yourself.
 */
export function vertexBuffer(context: GlContext, data: Float32Array, dynamic: boolean): GlBuffer {
  requireRendererApi();
  const usage = dynamic ? C.BufferUsage.DYNAMIC_DRAW : C.BufferUsage.STATIC_DRAW;
  const b = C.Buffer.createVertexBuffer({ context, typedArray: data, usage });
  b.vertexArrayDestroyable = false;
  return b;
}

/** a shader program from GLSL ES 3 sources, cached by Cesium per context */
export function shaderProgram(context: GlContext, vertexShaderSource: string, fragmentShaderSource: string, attributeLocations: Record<string, number>): GlProgram {
  requireRendererApi();
  return C.ShaderProgram.fromCache({ context, vertexShaderSource, fragmentShaderSource, attributeLocations });
}

export interface TrianglesSpec {
  program: GlProgram;
  /** one float buffer per attribute location 0…n−1, and its components per vertex */
  attributes: { buffer: GlBuffer; components: number }[];
  indices: Uint32Array;
  uniformMap: Record<string, () => unknown>;
  modelMatrix: Matrix4;
  owner: unknown;
}

/** an opaque-pass draw command of indexed triangles, depth-tested and depth-writing, no culling */
export function opaqueTriangles(context: GlContext, s: TrianglesSpec): GlDrawCommand {
  requireRendererApi();
  const vertexArray = new C.VertexArray({
    context,
    attributes: s.attributes.map((a, index) => ({
      index, vertexBuffer: a.buffer, componentsPerAttribute: a.components, componentDatatype: C.ComponentDatatype.FLOAT,
    })),
    indexBuffer: C.Buffer.createIndexBuffer({
      context, typedArray: s.indices, usage: C.BufferUsage.STATIC_DRAW, indexDatatype: C.IndexDatatype.UNSIGNED_INT,
    }),
  });
  return new C.DrawCommand({
    vertexArray,
    shaderProgram: s.program,
    renderState: C.RenderState.fromCache({ depthTest: { enabled: true }, depthMask: true, cull: { enabled: false } }),
    uniformMap: s.uniformMap,
    modelMatrix: s.modelMatrix,
    pass: C.Pass.OPAQUE,
    primitiveType: C.PrimitiveType.TRIANGLES,
    count: s.indices.length,
    owner: s.owner,
  });
}
