/** Writes small SWMM 5 input files for the drainage tests (SWMM's own section format). */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/drainage.ts';

export function inpText(
  opts: { flowUnits?: string; end?: string; reportStep?: string; routingStep?: number },
  sections: Record<string, string[]>,
): string {
  const lines = [
    '[TITLE]',
    'drainage test',
    '',
    '[OPTIONS]',
    `FLOW_UNITS ${opts.flowUnits ?? 'CMS'}`,
    'FLOW_ROUTING DYNWAVE',
    'START_DATE 01/01/2020',
    'START_TIME 00:00:00',
    'END_DATE 01/01/2020',
    `END_TIME ${opts.end ?? '01:00:00'}`,
    `REPORT_STEP ${opts.reportStep ?? '00:05:00'}`,
    `ROUTING_STEP ${opts.routingStep ?? 5}`,
    '',
  ];
  for (const [k, rows] of Object.entries(sections)) lines.push(`[${k}]`, ...rows, '');
  return lines.join('\n');
}

export interface RunOut {
  dir: string;
  summary: any;
  nodes: string[][];
  links: string[][];
}

/** Writes the file and runs `floodtwin drainage <file> --out <dir>`. */
export async function runDrainage(text: string, extra: string[] = []): Promise<RunOut> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-drain-'));
  const file = join(dir, 'network.inp');
  writeFileSync(file, text);
  const out = join(dir, 'out');
  const code = await run([file, '--out', out, ...extra]);
  if (code !== 0) throw new Error(`drainage exited ${code}`);
  const csv = (f: string) =>
    readFileSync(join(out, f), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
  return {
    dir,
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')),
    nodes: csv('nodes.csv'),
    links: csv('links.csv'),
  };
}

/** Manning full-pipe flow of a circular pipe (SI). */
export function manningFull(d: number, n: number, s: number): number {
  const a = (Math.PI * d * d) / 4;
  return (1 / n) * a * (d / 4) ** (2 / 3) * Math.sqrt(s);
}

/** Normal depth in a circular pipe by bisection on Manning's equation (hand method). */
export function circularNormalDepth(d: number, n: number, s: number, q: number): number {
  const f = (y: number) => {
    const th = 2 * Math.acos(1 - (2 * y) / d);
    const a = ((d * d) / 8) * (th - Math.sin(th));
    const p = (d * th) / 2;
    return (1 / n) * a * (a / p) ** (2 / 3) * Math.sqrt(s) - q;
  };
  let lo = 1e-9;
  let hi = 0.938 * d; // the largest Manning flow of a circle is at 0.938 D
  for (let i = 0; i < 60; i++) {
    const m = 0.5 * (lo + hi);
    if (f(m) < 0) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}
