/**
 * The director's inject panel: a levee breach at a point picked on the 3D map (width, final crest,
 * duration), a pump failure, rain scaled from now, a road closure, a shelter opened or full, a
 * warning colour and a free message; the camera bookmarks (one per inject, fly-to on every map);
 * and saving the drill log.
 */
import { ScreenSpaceEventHandler, ScreenSpaceEventType, type Cartesian2 } from 'cesium';
import { escapeHtml } from '../../../core/escapeHtml.ts';
import type { LiveInject, LogEntry } from '../../../../workers/drill/injects.ts';
import { describeInject } from '../../../../workers/drill/injects.ts';
import type { EngineInfo } from './engineHost.ts';
import type { CameraView, MapScreen } from './mapView.ts';

export interface InjectPanel {
  setInfo(info: EngineInfo): void;
  /** the roads the evacuees are on now: listed first in the road-closure picker */
  setRoadsInUse(inUse: { id: string; people: number }[]): void;
  bookmarks: { label: string; view: CameraView }[];
}

export function mountInjectPanel(
  parent: HTMLElement,
  map: MapScreen,
  send: (i: LiveInject) => Promise<void>,
  log: () => LogEntry[],
  logJson: (e: LogEntry[]) => string,
): InjectPanel {
  const el = document.createElement('aside');
  el.className = 'live-injects';
  el.innerHTML = `<h2>Injects</h2>
    <fieldset><legend>Levee breach</legend>
      <label>width m <input id="brWidth" type="number" value="60" min="1"></label>
      <label>final crest m <input id="brCrest" type="number" value="183" step="0.1"></label>
      <label>duration s <input id="brDur" type="number" value="600" min="1"></label>
      <button id="pickBreach">Pick the breach on the map</button></fieldset>
    <fieldset><legend>Pump failure</legend><select id="pumpId"></select> <button id="sendPump">Fail</button></fieldset>
    <fieldset><legend>Rain from now</legend><label>× <input id="rainFactor" type="number" value="2" min="0" step="0.1"></label> <button id="sendRain">Scale</button></fieldset>
    <fieldset><legend>Road closure</legend><select id="roadId"></select> <button id="sendRoad">Close</button></fieldset>
    <fieldset><legend>Shelter</legend><select id="shelterId"></select><select id="shelterStatus"><option>open</option><option>full</option></select> <button id="sendShelter">Set</button></fieldset>
    <fieldset><legend>Warning</legend><select id="warnColour"><option>blue</option><option>yellow</option><option>orange</option><option>red</option></select> <button id="sendWarning">Issue</button></fieldset>
    <fieldset><legend>Message</legend><input id="msgText" placeholder="message to all screens"> <button id="sendMsg">Send</button></fieldset>
    <div id="injectError" role="alert" class="live-error"></div>
    <h2>Bookmarks</h2><ol id="bookmarks"></ol>
    <h2>Log</h2><ol id="injectLog"></ol><button id="saveLog">Save the drill log</button>`;
  parent.appendChild(el);
  const $ = <T extends HTMLElement>(id: string) => el.querySelector(`#${id}`) as T;
  const value = (id: string) => $<HTMLInputElement>(id).value;
  const bookmarks: InjectPanel['bookmarks'] = [];
  const err = $('injectError');

  const go = async (i: LiveInject): Promise<void> => {
    err.textContent = '';
    try {
      await send(i);
      bookmarks.push({ label: describeInject(i), view: map.camera() });
      $('bookmarks').innerHTML = bookmarks
        .map((b, k) => `<li><button data-k="${k}">${escapeHtml(b.label)}</button></li>`)
        .join('');
      $('injectLog').innerHTML = log()
        .map((e) => `<li>frame ${e.frame.toFixed(0)}: ${escapeHtml(describeInject(e.inject))}</li>`)
        .join('');
    } catch (e) {
      err.textContent = (e as Error).message;
    }
  };
  $('bookmarks').addEventListener('click', (e) => {
    const k = (e.target as HTMLElement).dataset.k;
    if (k !== undefined) map.setCamera(bookmarks[Number(k)].view, true);
  });

  // the breach: the next left click on the map is its centre
  let picking = false;
  const handler = new ScreenSpaceEventHandler(map.view.ts.viewer.scene.canvas);
  handler.setInputAction((e: { position: Cartesian2 }) => {
    if (!picking) return;
    picking = false;
    $('pickBreach').classList.remove('active');
    const p = map.pickMap(e.position.x, e.position.y);
    if (!p) {
      err.textContent = 'that point is not on the twin: click on the levee';
      return;
    }
    void go({
      kind: 'leveeBreach',
      x: p[0],
      y: p[1],
      widthM: Number(value('brWidth')),
      finalCrestM: Number(value('brCrest')),
      durationS: Number(value('brDur')),
    });
  }, ScreenSpaceEventType.LEFT_CLICK);
  $('pickBreach').onclick = () => {
    picking = true;
    $('pickBreach').classList.add('active');
  };
  $('sendPump').onclick = () => void go({ kind: 'pumpFailure', pumpId: value('pumpId') });
  $('sendRain').onclick = () => void go({ kind: 'rain', factor: Number(value('rainFactor')) });
  $('sendRoad').onclick = () => void go({ kind: 'roadClosure', roadId: value('roadId') });
  $('sendShelter').onclick = () =>
    void go({ kind: 'shelter', shelterId: value('shelterId'), status: value('shelterStatus') as 'open' | 'full' });
  $('sendWarning').onclick = () => void go({ kind: 'warning', colour: value('warnColour') as 'blue' });
  $('sendMsg').onclick = () => {
    if (value('msgText')) void go({ kind: 'message', text: value('msgText') });
  };
  $('saveLog').onclick = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([logJson(log())], { type: 'application/json' }));
    a.download = 'drill-log.json';
    a.click();
  };
  const options = (id: string, items: { id: string; name?: string }[]) => {
    $(id).innerHTML = items
      .map((r) => `<option value="${escapeHtml(r.id)}">${escapeHtml(r.name ? `${r.id} ${r.name}` : r.id)}</option>`)
      .join('');
  };
  let roads: EngineInfo['roads'] = [];
  let inUseKey = '';
  // the picker follows the busiest road until the director picks one
  let roadPicked = false;
  $('roadId').addEventListener('change', () => {
    roadPicked = true;
  });
  const roadOptions = (inUse: { id: string; people: number }[]) => {
    const sel = $<HTMLSelectElement>('roadId');
    const keep = sel.value;
    const opt = (id: string, label: string) => {
      const o = document.createElement('option');
      o.value = id;
      o.textContent = label;
      return o;
    };
    const group = (label: string, items: HTMLOptionElement[]) => {
      const g = document.createElement('optgroup');
      g.label = label;
      g.append(...items);
      return g;
    };
    const all = roads.map((r) => opt(r.id, r.name ? `${r.id} ${r.name}` : r.id));
    if (inUse.length)
      sel.replaceChildren(
        group(
          'in use now',
          inUse.map((r) => opt(r.id, `${r.id} · ${r.people} en route`)),
        ),
        group('all roads', all),
      );
    else sel.replaceChildren(...all);
    if (roadPicked && keep) sel.value = keep;
  };
  return {
    bookmarks,
    setInfo(info) {
      options(
        'pumpId',
        info.pumps.map((id) => ({ id })),
      );
      roads = info.roads;
      roadOptions([]);
      options('shelterId', info.shelters);
    },
    setRoadsInUse(inUse) {
      const key = inUse.map((r) => `${r.id}:${r.people}`).join(',');
      if (key === inUseKey) return;
      inUseKey = key;
      roadOptions(inUse);
    },
  };
}
