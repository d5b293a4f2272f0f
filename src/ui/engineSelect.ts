/**
 * The flood engine selector under the planner: auto (a hardware GPU when present), GPU (forced,
 * a software adapter accepted) or CPU workers, and a line saying which engine and adapter ran,
 * or why the GPU was not used. `?engine=cpu|gpu|auto` sets the start value.
 */
export type EngineChoice = 'auto' | 'gpu' | 'cpu';

export interface EngineSelect {
  value(): EngineChoice;
  /** what ran: the adapter's name and the fallback note come from the engine (DOM text only) */
  show(e: { engine: 'cpu' | 'gpu'; adapter: string | null; note?: string }): void;
}

export function engineFromUrl(v: string | null): EngineChoice {
  return v === 'gpu' || v === 'cpu' || v === 'auto' ? v : 'auto';
}

export function mountEngineSelect(parent: HTMLElement, initial: EngineChoice): EngineSelect {
  const box = document.createElement('div');
  box.className = 'engine-select';
  const label = document.createElement('label');
  label.append('flood engine ');
  const select = document.createElement('select');
  select.dataset.role = 'engine';
  for (const [v, text] of [
    ['auto', 'auto (GPU if present)'],
    ['gpu', 'GPU (WebGPU)'],
    ['cpu', 'CPU workers'],
  ] as const) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = text;
    select.append(o);
  }
  select.value = initial;
  label.append(select);
  const status = document.createElement('div');
  status.className = 'engine-status';
  status.dataset.role = 'engine-status';
  box.append(label, status);
  parent.append(box);
  return {
    value: () => engineFromUrl(select.value),
    show(e) {
      status.textContent =
        e.engine === 'gpu'
          ? `ran on the GPU: ${e.adapter ?? 'unnamed adapter'}`
          : `ran on the CPU workers${e.note ? ` (${e.note})` : ''}`;
    },
  };
}
