/**
 * A reusable barrier for N threads over a shared Int32Array (generation counting): the last thread
 * to arrive bumps the generation and wakes the others. A step's phases are a few milliseconds long
 * and the bands finish them within tens to hundreds of µs of each other, while a futex sleep and
 * wake costs tens of µs each time, several times a step. So a waiting thread spins (reading the
 * generation) for up to SPIN_MS before it sleeps in Atomics.wait.
 */
const SPIN_MS = 2;

export function barrier(ctl: Int32Array, countIdx: number, genIdx: number, n: number, onLast?: () => void): void {
  if (n === 1) {
    onLast?.();
    return;
  }
  const gen = Atomics.load(ctl, genIdx);
  if (Atomics.add(ctl, countIdx, 1) === n - 1) {
    // the last to arrive: everyone else is waiting, so what it does here all of them see after
    onLast?.();
    Atomics.store(ctl, countIdx, 0);
    Atomics.add(ctl, genIdx, 1);
    Atomics.notify(ctl, genIdx);
    return;
  }
  const until = performance.now() + SPIN_MS;
  for (;;) {
    for (let spin = 0; spin < 512; spin++) if (Atomics.load(ctl, genIdx) !== gen) return;
    if (performance.now() > until) break;
  }
  while (Atomics.load(ctl, genIdx) === gen) Atomics.wait(ctl, genIdx, gen, 1000);
}
