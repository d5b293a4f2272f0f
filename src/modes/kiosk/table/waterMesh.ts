/**
 * The water on the sand table: one mesh on the cell grid whose vertices sit at ground level; two
 * depth attributes (frames a and b) are mixed in the vertex shader by a weight, so the water moves
 * smoothly between frames, is lifted by the mixed depth, coloured by the depth ramp of the whole
 * app (src/export/colorRamp.ts) and discarded where dry. A new frame only rewrites a depth array
 * (and, stepping forward, swaps a and b), so the geometry is never rebuilt.
 */
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, Mesh, ShaderMaterial } from 'three';
import { DRY_DEPTH_M, rampGlsl } from '../../../export/colorRamp.ts';
import { EXAGGERATION, ty, UNIT_M, type TableFrame } from './tableGrid.ts';

export class WaterMesh {
  readonly mesh: Mesh<BufferGeometry, ShaderMaterial>;
  private a: Float32Array | null = null;
  private b: Float32Array | null = null;
  private attrA: BufferAttribute;
  private attrB: BufferAttribute;
  /** main-thread ms of the last `show` that wrote arrays (for the measurements) */
  lastUpdateMs = 0;
  updates = 0;

  constructor(f: TableFrame, ground: Float32Array, xz: Float32Array, index: Uint32Array) {
    const n = ground.length;
    const pos = new Float32Array(n * 3);
    for (let k = 0; k < n; k++) {
      pos[3 * k] = xz[2 * k];
      pos[3 * k + 1] = ty(f, ground[k]);
      pos[3 * k + 2] = xz[2 * k + 1];
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setIndex(new BufferAttribute(index, 1));
    this.attrA = new BufferAttribute(new Float32Array(n), 1).setUsage(DynamicDrawUsage);
    this.attrB = new BufferAttribute(new Float32Array(n), 1).setUsage(DynamicDrawUsage);
    g.setAttribute('depthA', this.attrA);
    g.setAttribute('depthB', this.attrB);
    g.computeBoundingSphere();
    const lift = (EXAGGERATION / UNIT_M).toFixed(6);
    const mat = new ShaderMaterial({
      uniforms: { w: { value: 0 }, dry: { value: DRY_DEPTH_M } },
      transparent: true,
      depthWrite: true,
      vertexShader: `attribute float depthA; attribute float depthB; uniform float w; varying float vd;
void main() {
  vd = mix(depthA, depthB, w);
  vec3 p = position + vec3(0.0, max(vd, 0.0) * ${lift} + 0.02, 0.0);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 1.0);
}`,
      fragmentShader: `${rampGlsl()}
uniform float dry; varying float vd;
void main() {
  if (vd < dry) discard;
  gl_FragColor = vec4(depthRamp(vd), 0.86);
}`,
    });
    this.mesh = new Mesh(g, mat);
    this.mesh.renderOrder = 2;
  }

  /** Shows the mix (1 − w)·a + w·b. Arrays are compared by identity: the same pair only moves w. */
  show(a: Float32Array | null, b: Float32Array | null, w: number): void {
    this.mesh.material.uniforms.w.value = w;
    if (a === this.a && b === this.b) return;
    const t0 = performance.now();
    const g = this.mesh.geometry;
    if (a && a === this.b) {
      // stepping forward: b becomes a (swap the attributes, no copy), only b is written
      [this.attrA, this.attrB] = [this.attrB, this.attrA];
      g.setAttribute('depthA', this.attrA);
      g.setAttribute('depthB', this.attrB);
    } else this.write(this.attrA, a);
    this.write(this.attrB, b);
    this.a = a;
    this.b = b;
    this.lastUpdateMs = performance.now() - t0;
    this.updates++;
  }

  private write(attr: BufferAttribute, d: Float32Array | null): void {
    const arr = attr.array as Float32Array;
    if (d) arr.set(d);
    else arr.fill(0);
    attr.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
