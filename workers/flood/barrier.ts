/**
 * A reusable barrier for N threads over a shared Int32Array (generation counting): the last thread
 * to arrive bumps the generation and wakes the others. Threads spin briefly before sleeping in
 * Atomics.wait, because a step is only milliseconds long and a futex wake costs tens of µs.
 */
export function barrier(ctl: Int32Array, countIdx: number, genIdx: number, n: number): void {
  if (n === 1) return;
  const gen = Atomics.load(ctl, genIdx);
  if (Atomics.add(ctl, countIdx, 1) === n - 1) {
    Atomics.store(ctl, countIdx, 0);
    Atomics.add(ctl, genIdx, 1);
    Atomics.notify(ctl, genIdx);
    return;
  }
  for (let spin = 0; spin < 4000; spin++) {
    if (Atomics.load(ctl, genIdx) !== gen) return;
  }
  while (Atomics.load(ctl, genIdx) === gen) Atomics.wait(ctl, genIdx, gen, 1000);
}
