/**
 * The kiosk page in React: the sand table on an R3F canvas (camera on touch, water from the card
 * clock each frame), the cards with thumbnails rendered from the table, the panel of the running
 * card with its one knob, a tapped building's water and nearest shelter, the guided story and the
 * attract overlay. All strings go through `t` (zh/en); state lives in the KioskController.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { Mesh, Raycaster, Vector2, type Camera, type Scene, type WebGLRenderer } from 'three';
import { t, type TKey } from '../i18n/index.ts';
import { DEPTH_RAMP, DRY_DEPTH_M, rgbCss } from '../../export/colorRamp.ts';
import { ringCentroid } from '../../core/ringCentroid.ts';
import { CARD_IDS, CARDS, RAIN_STEPS, type CardId } from './cards.ts';
import type { KioskController, KioskSnapshot } from './controller.ts';
import { SandTable } from './table/SandTable.tsx';
import type { TableData } from './table/loadTable.ts';
import { bindOrbit, cameraPosition, type OrbitLimits, type OrbitView } from './table/orbit.ts';
import { buildingOfTriangle } from './table/layerMeshes.ts';
import { WaterMesh } from './table/waterMesh.ts';
import { wetCells } from './waterClock.ts';
import { cellAt } from '../../core/grid.ts';

const HOME_VIEW: OrbitView = { azimuth: 0, elevation: 0.85, distance: 330, target: [0, 0, 10] };
const LIMITS: OrbitLimits = { minElev: 0.2, maxElev: 1.45, minDist: 60, maxDist: 600, halfX: 150, halfZ: 100 };
/** attract orbit speed (rad/s) */
const ATTRACT_SPIN = 0.08;
const STORY: TKey[] = ['kiosk.story.1', 'kiosk.story.2', 'kiosk.story.3', 'kiosk.story.4'];

export interface KioskScene {
  gl: WebGLRenderer | null;
  scene: Scene | null;
  camera: Camera | null;
  water: WaterMesh;
  /** the depth now on the table (for the tapped building and the tests) */
  shown: { a: Float32Array; b: Float32Array; w: number };
  /**
   * main-thread ms of the last frames: [render call, water update before it] where the update is
   * the depth arrays written for a new frame pair (−1: no new frame, only the mix weight moved)
   */
  renderMs: [number, number][];
  renderedUpdates: number;
  view: OrbitView;
  /** something changed that the next frame must show */
  dirty: boolean;
}

function useSnap(c: KioskController): KioskSnapshot {
  return useSyncExternalStore(c.subscribe, c.get);
}

/**
 * The table renders on demand (frameloop "demand"): at rest with nothing moving it draws nothing;
 * while a card plays, the table turns or a finger moves it, at most `MAX_FPS` frames a second,
 * which keeps a software-rendered kiosk's main thread free for touches.
 */
const MAX_FPS = 30;
function Pacer({ c, ks }: { c: KioskController; ks: KioskScene }) {
  const { invalidate } = useThree();
  useEffect(
    () =>
      c.subscribe(() => {
        ks.dirty = true;
      }),
    [c, ks],
  );
  useEffect(() => {
    let raf = 0,
      last = 0;
    const tick = (now: number) => {
      raf = requestAnimationFrame(tick);
      const busy = c.get().card !== null || c.get().attract || ks.dirty;
      if (busy && now - last >= 1000 / MAX_FPS - 1) {
        last = now;
        ks.dirty = false;
        invalidate();
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [c, ks, invalidate]);
  return null;
}

/** the camera: orbit on touch, slow spin in attract mode, home on reset; taps pick a building */
function CameraRig({ c, ks, data }: { c: KioskController; ks: KioskScene; data: TableData }) {
  const { camera, gl, scene } = useThree();
  const snap = useSnap(c);
  // biome-ignore lint/correctness/useExhaustiveDependencies: snap.resets is the trigger; each reset re-homes the camera
  useEffect(() => {
    ks.view = { ...HOME_VIEW };
    ks.dirty = true;
  }, [snap.resets, ks]);
  useEffect(() => {
    const ray = new Raycaster();
    const b = bindOrbit(
      gl.domElement,
      () => ks.view,
      (v) => {
        ks.view = v;
        ks.dirty = true;
      },
      LIMITS,
      (x, y) => {
        const r = gl.domElement.getBoundingClientRect();
        ray.setFromCamera(new Vector2(((x - r.left) / r.width) * 2 - 1, -((y - r.top) / r.height) * 2 + 1), camera);
        const mesh = scene.getObjectByName('buildings');
        const hit = mesh instanceof Mesh ? ray.intersectObject(mesh, false)[0] : undefined;
        c.tapBuilding(
          hit && hit.faceIndex != null ? buildingOfTriangle(data.buildingMesh.triStart, hit.faceIndex) : null,
        );
      },
    );
    return () => b.dispose();
  }, [gl, camera, scene, c, ks, data]);
  useFrame((_, dt) => {
    if (c.get().attract) ks.view = { ...ks.view, azimuth: ks.view.azimuth + dt * ATTRACT_SPIN };
    const p = cameraPosition(ks.view);
    camera.position.set(p[0], p[1], p[2]);
    camera.lookAt(ks.view.target[0], ks.view.target[1], ks.view.target[2]);
  });
  return null;
}

/** each frame: the card clock moves on and the water mesh shows its frames (or the river at rest) */
function WaterDriver({ c, ks, data }: { c: KioskController; ks: KioskScene; data: TableData }) {
  useFrame((_, dt) => {
    const pick = c.advance(Math.min(dt, 0.25));
    const a = pick ? pick.a.depth : data.restDepth,
      b = pick ? pick.b.depth : data.restDepth,
      w = pick ? pick.w : 0;
    ks.water.show(a, b, w);
    ks.shown = { a, b, w };
  });
  return null;
}

function Legend() {
  return (
    <div className="k-legend">
      <span>{t('water.legend')}</span>
      {DEPTH_RAMP.map((s) => (
        <i key={s.depthM} style={{ background: rgbCss(s.rgb) }} title={`${s.depthM} m`} />
      ))}
      <span>{t('kiosk.depthRange')}</span>
    </div>
  );
}

function CardPanel({ c, snap }: { c: KioskController; snap: KioskSnapshot }) {
  const id = snap.card!;
  const spec = CARDS[id];
  const v = snap.variant;
  const status = snap.error
    ? `${t('kiosk.failed')} ${snap.error}`
    : snap.source === 'live'
      ? t('kiosk.live')
      : snap.source === 'recorded'
        ? t('kiosk.recorded')
        : t('kiosk.starting');
  return (
    <section className="k-panel" data-card={id}>
      <h2>{t(`kiosk.card.${id}.title` as TKey)}</h2>
      <p>{t(`kiosk.card.${id}.body` as TKey)}</p>
      <div className="k-knob">
        {spec.knob === 'rain' ? (
          <>
            <span>{t('kiosk.rain')}</span>
            {RAIN_STEPS.map((r) => (
              <button
                type="button"
                key={r}
                className="k-btn"
                aria-pressed={v.rain === r}
                data-rain={r}
                onClick={() => c.setVariant({ ...v, rain: r })}
              >{`×${r}`}</button>
            ))}
          </>
        ) : (
          <>
            <button
              type="button"
              className="k-btn"
              aria-pressed={v.levee}
              data-levee="on"
              onClick={() => c.setVariant({ ...v, levee: true })}
            >
              {t('kiosk.leveeOn')}
            </button>
            <button
              type="button"
              className="k-btn"
              aria-pressed={!v.levee}
              data-levee="off"
              onClick={() => c.setVariant({ ...v, levee: false })}
            >
              {t('kiosk.leveeOff')}
            </button>
          </>
        )}
      </div>
      <div className="k-status" role="status">
        {status}
      </div>
      <div className="k-status">{`${t('kiosk.time')} ${Math.round(snap.timeS / 60)} ${t('water.minutes')}`}</div>
      <Legend />
      <button type="button" className="k-btn" id="homeBtn" onClick={() => c.home()}>
        {t('kiosk.home')}
      </button>
    </section>
  );
}

function BuildingInfo({
  c,
  snap,
  data,
  ks,
}: {
  c: KioskController;
  snap: KioskSnapshot;
  data: TableData;
  ks: KioskScene;
}) {
  const b = data.buildings[snap.building!];
  const [x, y] = ringCentroid(b.ring);
  const cell = cellAt(data.frame, x, y);
  const k = cell ? cell[1] * data.frame.ncols + cell[0] : -1;
  const d = k >= 0 ? (1 - ks.shown.w) * ks.shown.a[k] + ks.shown.w * ks.shown.b[k] : 0;
  // nearest shelter in a straight line (not along roads)
  let best = data.shelters[0],
    bestD = Infinity;
  for (const s of data.shelters) {
    const dd = Math.hypot(s.x - x, s.y - y);
    if (dd < bestD) {
      bestD = dd;
      best = s;
    }
  }
  const name = b.nameZh && snap.lang === 'zh' ? b.nameZh : (b.name ?? b.id);
  return (
    <div className="k-info" role="dialog">
      <b>{`${t('kiosk.building')} ${name}`}</b>
      <span>{`${t('kiosk.water')}: ${d >= DRY_DEPTH_M ? `${d.toFixed(2)} m` : t('kiosk.dry')}`}</span>
      {best && (
        <span>{`${t('kiosk.shelter')}: ${snap.lang === 'zh' ? best.nameZh : best.name}, ${Math.round(bestD)} ${t('kiosk.away')}`}</span>
      )}
      <button type="button" className="k-btn" onClick={() => c.tapBuilding(null)}>
        {t('kiosk.close')}
      </button>
    </div>
  );
}

export function Kiosk({
  c,
  data,
  thumbs,
  onScene,
}: {
  c: KioskController;
  data: TableData;
  thumbs: Partial<Record<CardId, string>>;
  onScene(ks: KioskScene): void;
}) {
  const snap = useSnap(c);
  const ks = useMemo<KioskScene>(() => {
    const water = new WaterMesh(data.frame, data.ground, data.xz, data.index);
    return {
      gl: null,
      scene: null,
      camera: null,
      water,
      shown: { a: data.restDepth, b: data.restDepth, w: 0 },
      renderMs: [],
      renderedUpdates: 0,
      view: { ...HOME_VIEW },
      dirty: true,
    };
  }, [data]);
  useEffect(() => () => ks.water.dispose(), [ks]);
  const [, force] = useState(0);
  // the building panel shows the water now: refresh it twice a second while open
  useEffect(() => {
    if (snap.building === null) return;
    const id = window.setInterval(() => force((x) => x + 1), 500);
    return () => clearInterval(id);
  }, [snap.building]);
  const leveeStands = snap.card ? (CARDS[snap.card].knob === 'levee' ? snap.variant.levee : false) : false;
  return (
    <>
      <div className="k-canvas">
        <Canvas
          dpr={1}
          frameloop="demand"
          camera={{ fov: 50, near: 1, far: 3000, position: cameraPosition(HOME_VIEW) }}
          gl={{ antialias: false, preserveDrawingBuffer: false }}
          onCreated={({ gl, scene, camera }) => {
            ks.gl = gl;
            ks.scene = scene;
            ks.camera = camera;
            // main-thread time of each render call (the measurement script reads it)
            const render = gl.render.bind(gl);
            gl.render = (s, cam) => {
              const t0 = performance.now();
              render(s, cam);
              const updated = ks.water.updates !== ks.renderedUpdates;
              ks.renderedUpdates = ks.water.updates;
              ks.renderMs.push([performance.now() - t0, updated ? ks.water.lastUpdateMs : -1]);
              if (ks.renderMs.length > 600) ks.renderMs.splice(0, 300);
            };
            onScene(ks);
          }}
        >
          <SandTable data={data} water={ks.water} levee={leveeStands} />
          <CameraRig c={c} ks={ks} data={data} />
          <WaterDriver c={c} ks={ks} data={data} />
          <Pacer c={c} ks={ks} />
        </Canvas>
      </div>
      <header className="k-head">
        <div>
          <h1>{t('kiosk.title')}</h1>
          <p className="k-sub">{snap.card ? t('kiosk.tapHint') : t('kiosk.subtitle')}</p>
        </div>
        <button type="button" id="langBtn" className="k-btn" onClick={() => c.toggleLang()}>
          {t('lang.switch')}
        </button>
      </header>
      {snap.card && <CardPanel c={c} snap={snap} />}
      {snap.building !== null && <BuildingInfo c={c} snap={snap} data={data} ks={ks} />}
      {snap.building === null && !snap.card && (
        <div className="k-foot">
          <button type="button" id="storyBtn" className="k-btn" onClick={() => c.story(0)}>
            {t('kiosk.story')}
          </button>
        </div>
      )}
      <section className="k-cards">
        {CARD_IDS.map((id) => (
          <button
            type="button"
            key={id}
            className="k-card"
            data-card={id}
            aria-pressed={snap.card === id}
            onClick={() => c.selectCard(id)}
          >
            {thumbs[id] ? <img src={thumbs[id]} alt="" /> : <img alt="" />}
            <b>{t(`kiosk.card.${id}.title` as TKey)}</b>
          </button>
        ))}
      </section>
      {snap.story !== null && (
        <div className="k-story">
          <p id="storyText">{t(STORY[snap.story])}</p>
          <div className="k-story-nav">
            <button
              type="button"
              className="k-btn"
              disabled={snap.story === 0}
              onClick={() => c.story(Math.max(0, snap.story! - 1))}
            >
              {t('kiosk.story.back')}
            </button>
            <button
              type="button"
              className="k-btn"
              disabled={snap.story === STORY.length - 1}
              onClick={() => c.story(Math.min(STORY.length - 1, snap.story! + 1))}
            >
              {t('kiosk.story.next')}
            </button>
            <button type="button" className="k-btn" onClick={() => c.story(null)}>
              {t('kiosk.story.close')}
            </button>
          </div>
        </div>
      )}
      {snap.attract && (
        <div className="k-attract">
          <div className="k-attract-text">{t('kiosk.attract')}</div>
        </div>
      )}
    </>
  );
}

/** wet cells of what the table shows now */
export function wetNow(ks: KioskScene): number {
  return wetCells(ks.shown.a, ks.shown.b, ks.shown.w, DRY_DEPTH_M);
}
