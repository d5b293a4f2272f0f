/**
 * The installed Cesium still has every private renderer member src/scene/cesiumRenderer.ts uses, with
 * the shapes we call (a static factory is a function, an enum value is defined). The browser tests
 * that draw the water (tests/e2e/run.test.ts, modesWater.test.ts) show it draws; this one says which
 * name went missing when a Cesium upgrade breaks it.
 */
import * as Cesium from 'cesium';
import { describe, expect, it } from 'vitest';
import { missingRendererApi } from '../../src/scene/cesiumRenderer.ts';

describe('Cesium private renderer API', () => {
  it('is all there in the installed build', () => {
    expect(missingRendererApi()).toEqual([]);
    const C = Cesium as unknown as Record<string, Record<string, unknown>>;
    for (const [cls, member] of [['Buffer', 'createVertexBuffer'], ['Buffer', 'createIndexBuffer'], ['ShaderProgram', 'fromCache'], ['RenderState', 'fromCache']]) {
      expect(typeof C[cls][member], `${cls}.${member}`).toBe('function');
    }
    for (const cls of ['VertexArray', 'DrawCommand']) expect(typeof C[cls], cls).toBe('function');
    for (const [e, v] of [['BufferUsage', 'STATIC_DRAW'], ['BufferUsage', 'DYNAMIC_DRAW'], ['Pass', 'OPAQUE'], ['PrimitiveType', 'TRIANGLES'], ['ComponentDatatype', 'FLOAT'], ['IndexDatatype', 'UNSIGNED_INT']]) {
      expect(C[e][v], `${e}.${v}`).toBeDefined();
    }
  });
});
