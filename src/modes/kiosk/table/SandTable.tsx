/**
 * The sand table drawn by three.js through @react-three/fiber: terrain (hillshade × land-use tint,
 * vertex colours) on a plinth with the district outline, extruded buildings, roads, the old-town
 * flood wall (when it stands), shelters as green pins, and the water mesh (waterMesh.ts). Geometry
 * is built once per table; materials and geometries are disposed by R3F when unmounted.
 */
import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry, DoubleSide } from 'three';
import type { TableData } from './loadTable.ts';
import { tx, ty, tz } from './tableGrid.ts';
import type { WaterMesh } from './waterMesh.ts';
import { groundAt } from './layerMeshes.ts';

/** plinth depth below the lowest ground (table units) */
const PLINTH_DEPTH = 6;

function terrainGeometry(d: TableData): BufferGeometry {
  const n = d.ground.length;
  const pos = new Float32Array(n * 3);
  for (let k = 0; k < n; k++) {
    pos[3 * k] = d.xz[2 * k];
    pos[3 * k + 1] = ty(d.frame, d.ground[k]);
    pos[3 * k + 2] = d.xz[2 * k + 1];
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(pos, 3));
  g.setAttribute('color', new BufferAttribute(d.colours, 3));
  g.setIndex(new BufferAttribute(d.index, 1));
  return g;
}

/** the district's edge on the plinth top: the grid's outer cell centres */
function outline(d: TableData): Float32Array {
  const { ncols, nrows } = d.frame;
  const ring: number[] = [];
  const at = (c: number, r: number) => {
    const k = r * ncols + c;
    ring.push(d.xz[2 * k], ty(d.frame, d.ground[k]) + 0.1, d.xz[2 * k + 1]);
  };
  for (let c = 0; c < ncols; c++) at(c, 0);
  for (let r = 0; r < nrows; r++) at(ncols - 1, r);
  for (let c = ncols - 1; c >= 0; c--) at(c, nrows - 1);
  for (let r = nrows - 1; r >= 0; r--) at(0, r);
  return new Float32Array(ring);
}

const geom = (pos: Float32Array, normal?: Float32Array): BufferGeometry => {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(pos, 3));
  if (normal) g.setAttribute('normal', new BufferAttribute(normal, 3));
  return g;
};

export function SandTable({ data, water, levee }: { data: TableData; water: WaterMesh; levee: boolean }) {
  const f = data.frame;
  const w = (f.ncols * f.cellSize) / 10,
    h = (f.nrows * f.cellSize) / 10;
  const g = useMemo(
    () => ({
      terrain: terrainGeometry(data),
      buildings: geom(data.buildingMesh.position, data.buildingMesh.normal),
      roads: geom(data.roads),
      wall: geom(data.wall),
      outline: geom(outline(data)),
    }),
    [data],
  );
  return (
    <group>
      <ambientLight intensity={1.2} />
      <directionalLight position={[-80, 160, -60]} intensity={1.6} />
      <mesh geometry={g.terrain} name="terrain">
        <meshBasicMaterial vertexColors />
      </mesh>
      <mesh position={[0, -PLINTH_DEPTH / 2 - 0.01, 0]} name="plinth">
        <boxGeometry args={[w + 4, PLINTH_DEPTH, h + 4]} />
        <meshLambertMaterial color="#6b5138" />
      </mesh>
      <lineLoop geometry={g.outline} name="outline">
        <lineBasicMaterial color="#f4d35e" />
      </lineLoop>
      <mesh geometry={g.buildings} name="buildings">
        <meshLambertMaterial color="#f3efe6" />
      </mesh>
      <lineSegments geometry={g.roads} name="roads">
        <lineBasicMaterial color="#55524c" />
      </lineSegments>
      <mesh geometry={g.wall} name="wall" visible={levee}>
        <meshLambertMaterial color="#c0392b" side={DoubleSide} />
      </mesh>
      {data.shelters.map((s) => (
        <mesh
          key={s.id}
          position={[tx(f, s.x), ty(f, groundAt(f, data.ground, s.x, s.y)) + 1.5, tz(f, s.y)]}
          name={`shelter-${s.id}`}
        >
          <cylinderGeometry args={[0.9, 0.2, 3, 12]} />
          <meshLambertMaterial color="#2ecc71" />
        </mesh>
      ))}
      <primitive object={water.mesh} />
    </group>
  );
}
