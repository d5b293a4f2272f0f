/** Timeline bar: play / pause, speed, scrub over recorded frames, run progress with time left. */
import type { Playback } from '../sim/playback.ts';

export function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = Math.floor(s % 60);
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : m ? `${m} min ${String(sec).padStart(2, '0')} s` : `${sec} s`;
}

export interface TimelineView {
  /** refresh from the playback state and the recorded range */
  sync(endS: number, durationS: number): void;
  setProgress(text: string, fraction: number): void;
}

export function mountTimeline(el: HTMLElement, playback: Playback, onChange: () => void): TimelineView {
  el.innerHTML = `
    <button id="playBtn" title="play / pause" aria-label="play">▶</button>
    <select id="speedSel" title="simulated seconds per second">
      <option value="60">60×</option><option value="300">300×</option><option value="600" selected>600×</option>
      <option value="1800">1800×</option><option value="3600">3600×</option>
    </select>
    <input id="scrub" type="range" min="0" max="0" step="1" value="0" aria-label="time" />
    <span id="timeLabel" style="min-width:150px">t = 0 s</span>
    <div style="width:180px"><div class="progress"><div id="progBar"></div></div><div id="progText" class="muted">idle</div></div>`;
  const play = el.querySelector('#playBtn') as HTMLButtonElement;
  const speed = el.querySelector('#speedSel') as HTMLSelectElement;
  const scrub = el.querySelector('#scrub') as HTMLInputElement;
  const label = el.querySelector('#timeLabel') as HTMLElement;
  const bar = el.querySelector('#progBar') as HTMLElement;
  const ptext = el.querySelector('#progText') as HTMLElement;
  play.onclick = () => {
    if (playback.playing) playback.pause();
    else playback.play();
    onChange();
  };
  speed.onchange = () => {
    playback.speed = Number(speed.value);
  };
  scrub.oninput = () => {
    playback.seek(Number(scrub.value));
    onChange();
  };
  return {
    sync(endS, durationS) {
      scrub.max = String(Math.max(0, Math.round(endS)));
      if (document.activeElement !== scrub) scrub.value = String(Math.round(playback.t));
      play.textContent = playback.playing ? '❚❚' : '▶';
      play.setAttribute('aria-label', playback.playing ? 'pause' : 'play');
      label.textContent = `t = ${fmtDuration(playback.t)} / ${fmtDuration(durationS)}`;
    },
    setProgress(text, fraction) {
      bar.style.width = `${Math.round(100 * Math.max(0, Math.min(1, fraction)))}%`;
      ptext.textContent = text;
    },
  };
}
