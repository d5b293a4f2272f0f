/**
 * Defect 1 (script injection): no `${…}` reaches innerHTML / outerHTML / insertAdjacentHTML in src/ unless
 * it goes through escapeHtml, is a literal, a number formatted by toFixed & co, or an i18n string t(…).
 * The first argument of planner.setScenarioInfo / showSummary is markup too, and checked the same way.
 * Anything else must be listed in ALLOWED below with the reason it cannot carry file or URL text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

const NUM = 'a number the engine or the page computes';
const CON = 'our own constant';
const FMT = 'formats a number';

/** expression → why it is safe (numbers and our own constants; never a value from a file or URL) */
const ALLOWED: Record<string, string> = {
  'fmtClock(i.atS)': FMT,
  'fmtT(r.t100S)': FMT,
  'fmtT(r.t50S)': FMT,
  'fmtT(r.t90S)': FMT,
  'fmtT(r.warningS)': FMT,
  'fmtT(t)': FMT,
  'injectColour(i)': 'a colour from WARNING_CSS or a literal',
  k: 'an index or a key of our own constant table (drill injects, AGENT_COLORS, planner layer names)',
  s: 'a speed from the literal list [1, 2, 5, 10, 30, 60]',
  "title('drill.follower')": 'i18n string (t) in a span',
  "title('drill.scenarioTime')": 'i18n string (t) in a span',
  "title('drill.time')": 'i18n string (t) in a span',
  'title(`drill.role.${role}` as TKey)': 'i18n string (t); role is one of three literals',
  HTML: 'the kiosk page template, a literal with i18n keys',
  'x.color': 'our own constant (hydrograph series colours)',
  'x.label': "our own constant (hydrograph series labels 'simulated', 'observed', ...)",
  's.color': 'our own constant (CURVE_SERIES)',
  's.label': 'our own constant (CURVE_SERIES)',
  body: 'compare table rows: metric labels and units of our own, numbers through fmt',
  'ctx.durationS': NUM,
  'mapLegend(m, folder.index.zoningDepthM)': 'zoning legend: our colour tables; index.json depths escaped inside',
  RISK_LEGEND: CON,
  'AGENT_COLORS[k].toCssHexString()': CON,
  H: 'our own constant (chart height)',
  W: 'our own constant (chart width)',
  'end.safe': NUM,
  'end.trapped': NUM,
  'end?.enRoute': NUM,
  'end?.safe': NUM,
  'end?.trapped': NUM,
  'end?.waiting': NUM,
  "parts.join('')": 'SVG of numbers and literals built just above',
  'r.people': NUM,
  'r.t100S': NUM,
  'r.t50S': NUM,
  'r.t90S': NUM,
  'r.warningS': NUM,
  's.capacity': NUM,
  's.occupancy': NUM,
  'state.driving': NUM,
  'state.enRoute': NUM,
  'state.safe': NUM,
  'state.trapped': NUM,
  'state.waiting': NUM,
  'state.walking': NUM,
  "buttons('', single)": 'export buttons: our file names',
  "buttons('A/', pair.a)": 'export buttons: our file names',
  "buttons('B/', pair.b)": 'export buttons: our file names',
  'row(\'<button data-export="AB/report.html" title="download compare_report.html">report.html (A vs B)</button>\')':
    'a literal in a div',
  "blocks.join('')": 'legend blocks: literals and colours',
  html: 'setScenarioInfo / showSummary: their calls are checked as sinks (HTML_PARAMS)',
  'dem.ncols': NUM,
  'dem.nrows': NUM,
  'dem.cellSize': NUM,
  'fmtDuration(sc.durationS)': FMT,
  'summaryHtml(done, wall)': 'run summary: numbers and the run status',
  'init.exaggeration': NUM,
  'm.roadsCut': NUM,
  rows: 'metrics rows: band labels of our own and counts',
};

/** methods whose first argument is markup (they set innerHTML = html) */
const HTML_PARAMS = new Set(['setScenarioInfo', 'showSummary']);
const SAFE_CALLS = new Set(['escapeHtml', 'esc', 't']);
const NUMBER_FORMATS = new Set(['toFixed', 'toExponential', 'toPrecision']);
const WRAPPERS = new Set([
  'ChainExpression',
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'ParenthesizedExpression',
]);

// a minimal ESTree node (rolldown's oxc parser gives start/end offsets into the source)
interface Node {
  type: string;
  start: number;
  end: number;
  [k: string]: any;
}
interface Ctx {
  text: string;
  file: string;
  bad: string[];
  used: Set<string>;
}

function isSafe(e: Node, c: Ctx): boolean {
  if (WRAPPERS.has(e.type)) return isSafe(e.expression, c);
  if (e.type === 'Literal') return true;
  if (e.type === 'TemplateLiteral') return e.expressions.map((x: Node) => check(x, c)).every(Boolean);
  if (e.type === 'ConditionalExpression')
    return [e.consequent, e.alternate].map((x: Node) => check(x, c)).every(Boolean);
  if (
    (e.type === 'BinaryExpression' && e.operator === '+') ||
    (e.type === 'LogicalExpression' && e.operator !== '&&')
  ) {
    return [e.left, e.right].map((x: Node) => check(x, c)).every(Boolean);
  }
  if (e.type !== 'CallExpression') return false;
  const callee = e.callee as Node;
  if (callee.type === 'Identifier' && SAFE_CALLS.has(callee.name)) return true;
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  if (NUMBER_FORMATS.has(callee.property.name)) return true;
  // list.map((x) => `…`).join(sep): the mapped template and the separator are checked
  if (!isMapJoin(e)) return false;
  const inner = callee.object as Node;
  const sepOk = !e.arguments[0] || check(e.arguments[0], c);
  const fn = inner.arguments[0] as Node | undefined;
  if (!fn) return false;
  if (fn.type === 'Identifier') return SAFE_CALLS.has(fn.name) && sepOk;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  if (fn.body.type !== 'BlockStatement') return check(fn.body, c) && sepOk;
  const rets: boolean[] = [];
  walk(fn.body, (n) => {
    if (n.type === 'ReturnStatement' && n.argument) rets.push(check(n.argument, c));
    return !/Function/.test(n.type);
  });
  return rets.length > 0 && rets.every(Boolean) && sepOk;
}

function isMapJoin(e: Node): boolean {
  const callee = e.callee as Node | undefined;
  if (e.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || callee.property.name !== 'join')
    return false;
  const inner = callee.object as Node;
  return (
    inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && inner.callee.property.name === 'map'
  );
}

/** isSafe, and record the expression when it is neither safe nor allowed */
function check(e: Node, c: Ctx): boolean {
  const expr = c.text.slice(e.start, e.end).replace(/\s+/g, ' ');
  if (Object.hasOwn(ALLOWED, expr)) c.used.add(expr);
  if (Object.hasOwn(ALLOWED, expr) || isSafe(e, c)) return true;
  const key = `${c.file}: ${expr}`;
  // templates, conditionals and sums report their unsafe parts; anything else is reported whole
  if (
    !['TemplateLiteral', 'ConditionalExpression', 'BinaryExpression', 'LogicalExpression', ...WRAPPERS].includes(
      e.type,
    ) &&
    !isMapJoin(e)
  )
    c.bad.push(key);
  return false;
}

/** depth-first over every node; `enter` returning false skips the node's children */
function walk(n: unknown, enter: (n: Node) => boolean): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, enter);
    return;
  }
  if (!n || typeof n !== 'object' || typeof (n as Node).type !== 'string') return;
  if (!enter(n as Node)) return;
  for (const [k, v] of Object.entries(n)) if (k !== 'type' && v && typeof v === 'object') walk(v, enter);
}

/** the right-hand sides of innerHTML / outerHTML assignments and insertAdjacentHTML's markup */
function sinks(ast: unknown): Node[] {
  const out: Node[] = [];
  walk(ast, (n) => {
    const prop = (m: Node) => (m.type === 'MemberExpression' && !m.computed ? m.property.name : '');
    if (n.type === 'AssignmentExpression' && ['innerHTML', 'outerHTML'].includes(prop(n.left))) out.push(n.right);
    if (n.type === 'CallExpression' && prop(n.callee) === 'insertAdjacentHTML' && n.arguments[1])
      out.push(n.arguments[1]);
    if (n.type === 'CallExpression' && HTML_PARAMS.has(prop(n.callee)) && n.arguments[0]) out.push(n.arguments[0]);
    return true;
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('no unescaped interpolation into HTML', () => {
  it('every ${…} that reaches innerHTML in src/ is escaped, a literal, a formatted number, or allow-listed with a reason', () => {
    const bad: string[] = [];
    const used = new Set<string>();
    let count = 0;
    for (const path of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(path, 'utf8');
      if (!/innerHTML|outerHTML|insertAdjacentHTML/.test(text)) continue;
      const file = relative(ROOT, path);
      const ast = parseAst(text, { lang: path.endsWith('x') ? 'tsx' : 'ts' }, path);
      for (const rhs of sinks(ast)) {
        count++;
        check(rhs, { text, file, bad, used });
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(bad).toEqual([]);
    // an entry no code needs any more is removed, so the list never hides a new use
    expect(Object.keys(ALLOWED).filter((k) => !used.has(k))).toEqual([]);
  });
});
