/**
 * The layers of docs/ARCHITECTURE.md, checked on the import graph read from the sources: every
 * `import … from`, `export … from`, `import('…')` and `new URL('…', import.meta.url)` (a worker
 * entry) of every .ts file under src/ and workers/.
 *
 *   0 core     src/core
 *   1 io       src/io
 *   2 engines  workers/** (but the worker entry files), src/events, src/interventions, src/data
 *   3 sim      src/sim, src/scenario, src/export, src/feeds, src/ops, the worker entry files (*.worker.ts, *.node-worker.ts)
 *   4 view     src/scene, src/ui, src/modes, src/main.ts
 *   cli        src/cli: on layers 0–3, never the view; nothing outside src/cli imports it
 *
 * A file may import its own layer or one below. Layers 0–2 and the CLI import no DOM, React, Cesium or
 * three, and use no `document` / `window`. There is no import cycle between files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Known violations in files that other open issues are rewriting. Each is `from -> to` and says who
 * removes it; the lead empties this list at the end. Anything not listed here fails the test.
 */
const KNOWN: Record<string, string> = {};

/** Known import cycles (files joined by ' <-> '), with their owner. */
const KNOWN_CYCLES: Record<string, string> = {};

const FORBIDDEN_PACKAGES = /^(cesium|react|react-dom|three|@react-three\/.*)(\/.*)?$/;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The source without block comments and whole-line `//` comments (imports never share a line with one). */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const SPEC = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
];

/** Import specifiers of one source text. */
function importsOf(text: string): string[] {
  const code = codeOf(text);
  const out: string[] = [];
  for (const re of SPEC) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

type Layer = 'core' | 'io' | 'engines' | 'sim' | 'view' | 'cli';
const RANK: Record<Layer, number> = { core: 0, io: 1, engines: 2, sim: 3, view: 4, cli: 3 };

/** The layer of a repository path, or null for a file outside the layered tree. */
function layerOf(path: string): Layer | null {
  if (/\.(node-)?worker\.ts$/.test(path) && path.startsWith('workers/')) return 'sim';
  if (path.startsWith('workers/')) return 'engines';
  const top = path.split('/').slice(0, 2).join('/');
  const map: Record<string, Layer> = {
    'src/core': 'core',
    'src/io': 'io',
    'src/events': 'engines',
    'src/interventions': 'engines',
    'src/data': 'engines',
    'src/sim': 'sim',
    'src/scenario': 'sim',
    'src/ensemble': 'sim',
    'src/export': 'sim',
    'src/feeds': 'sim',
    'src/ops': 'sim',
    'src/scene': 'view',
    'src/ui': 'view',
    'src/modes': 'view',
    'src/main.ts': 'view',
    'src/cli': 'cli',
  };
  return map[top] ?? null;
}

/** Why `from` may not import `to` (null when it may). */
function forbidden(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (!a || !b) return null;
  if (b === 'cli' && a !== 'cli') return 'only the CLI imports src/cli';
  if (a === 'cli' && b === 'view') return 'the CLI does not import the view layer';
  if (RANK[b] > RANK[a]) return `${a} (layer ${RANK[a]}) imports ${b} (layer ${RANK[b]})`;
  return null;
}

const FILES = [...listTs('src'), ...listTs('workers')];
const GRAPH = new Map<string, string[]>();
const PACKAGES = new Map<string, string[]>();
const TEXT = new Map<string, string>();
for (const f of FILES) {
  const text = readFileSync(join(ROOT, f), 'utf8');
  TEXT.set(f, text);
  const local: string[] = [];
  const pkgs: string[] = [];
  for (const s of importsOf(text)) {
    if (s.startsWith('.')) local.push(relative(ROOT, normalize(join(ROOT, dirname(f), s.split('?')[0]))));
    else pkgs.push(s);
  }
  GRAPH.set(f, local);
  PACKAGES.set(f, pkgs);
}

/** Every cycle's smallest member pair, found by depth-first search (a cycle shows as `a <-> … b`). */
function cycles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (!graph.has(m)) continue;
      if (state.get(m) === 1) found.add(stack.slice(stack.indexOf(m)).sort().join(' <-> '));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return [...found].sort();
}

describe('layers (docs/ARCHITECTURE.md)', () => {
  it('reads the graph: known edges are there', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(GRAPH.get('src/io/readGrid.ts')).toContain('src/core/grid.ts');
    expect(
      importsOf(
        "/* import x from './no.ts' */\nimport type { A } from './a.ts';\nconst w = new URL('./w.worker.ts', import.meta.url);",
      ),
    ).toEqual(['./a.ts', './w.worker.ts']);
  });

  it('the rule rejects an upward import and the CLI in a library', () => {
    expect(forbidden('src/core/grid.ts', 'src/io/readGrid.ts')).toMatch(/core .* imports io/);
    expect(forbidden('workers/flood/band.ts', 'src/sim/prepareRun.ts')).toMatch(/engines/);
    expect(forbidden('src/ui/compare.ts', 'src/cli/main.ts')).toMatch(/only the CLI/);
    expect(forbidden('src/cli/main.ts', 'src/ui/app.ts')).toMatch(/CLI does not/);
    expect(forbidden('src/sim/prepareRun.ts', 'workers/flood/setup.ts')).toBeNull();
  });

  it('no file imports across the layers (beyond the listed, owned exceptions)', () => {
    const bad: string[] = [];
    for (const [from, tos] of GRAPH) {
      for (const to of tos) {
        const why = forbidden(from, to);
        if (why && !KNOWN[`${from} -> ${to}`]) bad.push(`${from} -> ${to}: ${why}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the listed exceptions still exist (remove them from KNOWN once fixed)', () => {
    for (const edge of Object.keys(KNOWN)) {
      const [from, to] = edge.split(' -> ');
      expect(GRAPH.get(from), edge).toContain(to);
    }
  });

  it('core, io, engines and the CLI use no DOM, React, Cesium or three', () => {
    const bad: string[] = [];
    for (const f of FILES) {
      const layer = layerOf(f);
      if (layer !== 'core' && layer !== 'io' && layer !== 'engines' && layer !== 'cli') continue;
      for (const p of PACKAGES.get(f) ?? []) if (FORBIDDEN_PACKAGES.test(p)) bad.push(`${f} imports ${p}`);
      const code = codeOf(TEXT.get(f) ?? '');
      const dom = code.match(/\b(document|window)\s*\.\w+/);
      if (dom) bad.push(`${f} uses ${dom[0]}`);
    }
    expect(bad).toEqual([]);
  });

  it('no import cycles between files (beyond the listed, owned ones)', () => {
    const found = cycles(GRAPH);
    expect(found.filter((c) => !KNOWN_CYCLES[c])).toEqual([]);
    for (const c of Object.keys(KNOWN_CYCLES)) expect(found, c).toContain(c);
  });
});
