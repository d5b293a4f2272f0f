/**
 * Measurement only (loaded with ?bench=three): the alternative water layer, drawn by three.js on a
 * second canvas stacked over Cesium's, with the camera copied from Cesium in the twin's local ENU
 * frame and a depth-only copy of the DEM mesh so hills hide the water. It times what the page
 * would pay per frame with it, next to the same figures for the Cesium primitive (waterLayer.ts).
 * Result (the note and the report): see docs; the Cesium primitive was kept.
 */
import * as THREE from 'three';
import { Cartesian3, Matrix4 } from 'cesium';
import type { TwinScene } from './twinScene.ts';
import { cellCentresEnu } from './twinFrame.ts';

export interface WaterBench {
  cells: number;
  /** main-thread ms to hand one new depth frame to the layer (upload included) + draw */
  threeUpdateAndDrawMs: number;
  /** main-thread ms to draw a frame (camera copy + render), nothing new */
  threeDrawMs: number;
  cesiumUpdateAndDrawMs: number;
  cesiumDrawMs: number;
  /** Cesium's frame with the water layer hidden: the water's own cost is the difference */
  cesiumNoWaterDrawMs: number;
}

function finish(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  const px = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); // waits for the GPU: honest timing
}

export function benchWater(ts: TwinScene, reps = 3): WaterBench {
  const { dem, frame, viewer } = ts;
  const n = dem.ncols * dem.nrows;
  const { pos, up } = cellCentresEnu(frame);
  const ground = new Float32Array(n);
  for (let i = 0; i < n; i++) ground[i] = Number.isNaN(dem.values[i]) ? 0 : dem.values[i];
  const idx = new Uint32Array((dem.ncols - 1) * (dem.nrows - 1) * 6);
  let k = 0;
  for (let r = 0; r < dem.nrows - 1; r++)
    for (let c = 0; c < dem.ncols - 1; c++) {
      const a = r * dem.ncols + c;
      idx[k++] = a;
      idx[k++] = a + dem.ncols;
      idx[k++] = a + 1;
      idx[k++] = a + 1;
      idx[k++] = a + dem.ncols;
      idx[k++] = a + dem.ncols + 1;
    }
  const canvas = document.createElement('canvas');
  const cc = viewer.scene.canvas;
  canvas.width = cc.width;
  canvas.height = cc.height;
  canvas.style.cssText = 'position:absolute;inset:0;pointer-events:none';
  viewer.container.appendChild(canvas);
  const renderer = new THREE.WebGLRenderer({ canvas, alpha: true, antialias: false });
  const scene = new THREE.Scene();
  const geomFor = () => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    g.setAttribute('up', new THREE.BufferAttribute(up, 3));
    g.setAttribute('ground', new THREE.BufferAttribute(ground, 1));
    g.setIndex(new THREE.BufferAttribute(idx, 1));
    return g;
  };
  // depth-only DEM: writes depth, no colour, so the water behind hills fails the depth test
  const demGeom = geomFor();
  const demMat = new THREE.ShaderMaterial({
    vertexShader:
      'attribute vec3 up; attribute float ground; void main(){ gl_Position = projectionMatrix * modelViewMatrix * vec4(position + up * ground, 1.0); }',
    fragmentShader: 'void main(){ gl_FragColor = vec4(0.0); }',
    colorWrite: false,
  });
  scene.add(new THREE.Mesh(demGeom, demMat));
  const waterGeom = geomFor();
  const d0 = new THREE.BufferAttribute(new Float32Array(n), 1).setUsage(THREE.DynamicDrawUsage);
  const d1 = new THREE.BufferAttribute(new Float32Array(n), 1).setUsage(THREE.DynamicDrawUsage);
  waterGeom.setAttribute('depth0', d0);
  waterGeom.setAttribute('depth1', d1);
  const waterMat = new THREE.ShaderMaterial({
    uniforms: { w: { value: 0.5 } },
    vertexShader:
      'attribute vec3 up; attribute float ground; attribute float depth0; attribute float depth1; uniform float w; varying float vd; void main(){ vd = mix(depth0, depth1, w); gl_Position = projectionMatrix * modelViewMatrix * vec4(position + up * (ground + vd + 0.05), 1.0); }',
    fragmentShader: 'varying float vd; void main(){ if (vd < 0.02) discard; gl_FragColor = vec4(0.1, 0.3, 0.8, 1.0); }',
  });
  scene.add(new THREE.Mesh(waterGeom, waterMat));
  for (const m of scene.children) m.frustumCulled = false;
  const cam = new THREE.PerspectiveCamera(60, canvas.width / canvas.height, 1, 1e6);
  cam.matrixAutoUpdate = false;
  const copyCamera = () => {
    // Cesium's camera in the twin's ENU frame (local origin: no float32 jitter)
    const c = viewer.camera;
    const p = Matrix4.multiplyByPoint(frame.fixedToEnu, c.positionWC, new Cartesian3());
    const d = Matrix4.multiplyByPointAsVector(frame.fixedToEnu, c.directionWC, new Cartesian3());
    const u = Matrix4.multiplyByPointAsVector(frame.fixedToEnu, c.upWC, new Cartesian3());
    const f = c.frustum as unknown as { fovy: number; near: number; far: number };
    cam.fov = (f.fovy * 180) / Math.PI;
    cam.near = f.near;
    cam.far = f.far;
    cam.updateProjectionMatrix();
    cam.position.set(p.x, p.y, p.z);
    cam.up.set(u.x, u.y, u.z);
    cam.lookAt(p.x + d.x, p.y + d.y, p.z + d.z);
    cam.updateMatrix();
    cam.updateMatrixWorld(true);
  };
  const fa = new Float32Array(n),
    fb = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    fa[i] = i % 7 === 0 ? 1 : 0;
    fb[i] = i % 5 === 0 ? 2 : 0;
  }
  const gl = renderer.getContext();
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  const tu: number[] = [],
    td: number[] = [],
    cu: number[] = [],
    cd: number[] = [],
    cn: number[] = [];
  ts.water.setLodStride(1); // full resolution, like the three.js mesh
  copyCamera();
  renderer.render(scene, cam); // compile
  finish(gl);
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    (d1.array as Float32Array).set(r % 2 ? fa : fb);
    d1.needsUpdate = true;
    copyCamera();
    renderer.render(scene, cam);
    finish(gl);
    tu.push(performance.now() - t0);
    t0 = performance.now();
    copyCamera();
    renderer.render(scene, cam);
    finish(gl);
    td.push(performance.now() - t0);
    const cgl = (viewer.scene as unknown as { context: { _gl: WebGL2RenderingContext } }).context._gl;
    t0 = performance.now();
    ts.water.setFrames(r % 2 ? fa : fb, -300 - r, r % 2 ? fb : fa, -301 - r, 0.5);
    viewer.scene.render();
    finish(cgl);
    cu.push(performance.now() - t0);
    t0 = performance.now();
    viewer.scene.requestRender();
    viewer.scene.render();
    finish(cgl);
    cd.push(performance.now() - t0);
    ts.water.show = false;
    t0 = performance.now();
    viewer.scene.requestRender();
    viewer.scene.render();
    finish(cgl);
    cn.push(performance.now() - t0);
    ts.water.show = true;
  }
  ts.water.setLodStride(null);
  renderer.dispose();
  canvas.remove();
  return {
    cells: n,
    threeUpdateAndDrawMs: med(tu),
    threeDrawMs: med(td),
    cesiumUpdateAndDrawMs: med(cu),
    cesiumDrawMs: med(cd),
    cesiumNoWaterDrawMs: med(cn),
  };
}
