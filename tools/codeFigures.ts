/**
 * Figures on the code base for the issue notes: the longest functions, the functions over 80 lines,
 * the `as unknown as` casts, the exports no other file imports, and the declared dependencies.
 * Parses the sources with oxc (rolldown's parseAst, as Vite's build does; no type check).
 *
 * Usage: npx tsx tools/codeFigures.ts [root] [--list-unused]
 *   root: a checkout (default: this one), e.g. a `git archive` of an older commit.
 * Functions: declarations, methods, constructors, accessors, and function expressions or arrows
 * (named by the variable or property they are assigned to), in src/ and workers/ (.ts, .tsx).
 * An export counts as used when a file under src/, workers/, tests/ or tools/ (other than its own)
 * imports or re-exports it by name, or imports the module whole (`import *`, `export *`, import()).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAst } from 'rolldown/parseAst';

const args = process.argv.slice(2);
const root = resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const CODE = ['src', 'workers'];
const USERS = ['src', 'workers', 'tests', 'tools'];

/** an ESTree node as oxc gives it (only what this tool reads) */
interface Node {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const parsed = new Map<string, { ast: Node; text: string } | null>();
/** the file's syntax tree, or null when oxc cannot parse it (the AssemblyScript kernel) */
function source(file: string): { ast: Node; text: string } | null {
  if (!parsed.has(file)) {
    const text = readFileSync(file, 'utf8');
    try {
      parsed.set(file, {
        ast: parseAst(text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }) as unknown as Node,
        text,
      });
    } catch {
      console.warn(`not parsed: ${relative(root, file)}`);
      parsed.set(file, null);
    }
  }
  return parsed.get(file) ?? null;
}

/** every node below `node`, with its parent */
function visit(node: Node, fn: (n: Node, parent: Node | null) => void, parent: Node | null = null): void {
  fn(node, parent);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) for (const c of v) if (c && typeof c === 'object' && 'type' in c) visit(c as Node, fn, node);
    if (v && typeof v === 'object' && !Array.isArray(v) && 'type' in v) visit(v as Node, fn, node);
  }
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const idName = (n: unknown): string | null => {
  const x = n as Node | null;
  if (!x) return null;
  if (x.type === 'Identifier' || x.type === 'PrivateIdentifier') return x.name as string;
  if (x.type === 'Literal') return String(x.value);
  return null;
};

interface Fn {
  name: string;
  file: string;
  lines: number;
}

function functions(file: string): Fn[] {
  const src = source(file);
  if (!src) return [];
  const lineAt = (pos: number) => src.text.slice(0, pos).split('\n').length;
  const out: Fn[] = [];
  const classes: Node[] = [];
  visit(src.ast, (n, parent) => {
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') classes.push(n);
    if (!FUNCTION.has(n.type) || !n.body) return;
    let name = idName(n.id);
    if (!name && parent) {
      if (parent.type === 'VariableDeclarator') name = idName(parent.id);
      else if (
        parent.type === 'Property' ||
        parent.type === 'PropertyDefinition' ||
        parent.type === 'MethodDefinition'
      ) {
        name = idName(parent.key);
        const cls = classes.find((c) => c.start <= parent.start && parent.end <= c.end && parent.type !== 'Property');
        if (cls) name = `${idName(cls.id) ?? 'class'}.${name}`;
      }
    }
    out.push({ name: name ?? '(anonymous)', file: relative(root, file), lines: lineAt(n.end) - lineAt(n.start) + 1 });
  });
  return out;
}

/** names a file exports (declarations and `export { a, b }`; not re-exports from elsewhere) */
function exportedNames(ast: Node): string[] {
  const names: string[] = [];
  for (const st of ast.body as Node[]) {
    if (st.type !== 'ExportNamedDeclaration' || st.source) continue;
    const d = st.declaration as Node | null;
    if (d?.type === 'VariableDeclaration') {
      for (const v of d.declarations as Node[]) if (idName(v.id)) names.push(idName(v.id)!);
    } else if (d && idName(d.id)) names.push(idName(d.id)!);
    for (const s of (st.specifiers as Node[]) ?? []) names.push(idName(s.exported)!);
  }
  return names;
}

function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
  const base = spec.startsWith('/') ? join(root, spec) : resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** for each module: the names other files take from it, or '*' when they take it whole */
function uses(files: string[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const add = (file: string | null, name: string) => {
    if (!file) return;
    if (!used.has(file)) used.set(file, new Set());
    used.get(file)!.add(name);
  };
  for (const f of files) {
    const src = source(f);
    if (!src) continue;
    visit(src.ast, (n) => {
      const spec = (n.source as Node | null)?.value;
      if (typeof spec !== 'string') return;
      const target = resolveSpec(f, spec);
      if (target === f) return;
      if (n.type === 'ImportExpression' || n.type === 'ExportAllDeclaration') add(target, '*');
      else if (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration') {
        for (const s of (n.specifiers as Node[]) ?? []) {
          if (s.type === 'ImportNamespaceSpecifier') add(target, '*');
          else if (s.type === 'ImportDefaultSpecifier') add(target, 'default');
          else add(target, idName(s.imported ?? s.local)!);
        }
      }
    });
  }
  return used;
}

const code = CODE.flatMap((d) => walk(join(root, d)));
const users = USERS.flatMap((d) => walk(join(root, d)));
const fns = code.flatMap(functions).sort((a, b) => b.lines - a.lines);
const casts = code.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/\bas unknown as\b/g)?.length ?? 0), 0);
const used = uses(users);
const unused: string[] = [];
for (const f of code) {
  const u = used.get(f);
  const src = source(f);
  if (u?.has('*') || !src) continue;
  for (const name of exportedNames(src.ast)) if (!u?.has(name)) unused.push(`${relative(root, f)}: ${name}`);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
const deps = (o: Record<string, string> = {}) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

console.log(`root: ${root}`);
console.log(
  `ten longest functions: ${fns
    .slice(0, 10)
    .map((f) => `${f.name} ${f.lines} (${f.file})`)
    .join(', ')}`,
);
console.log(`functions over 80 lines: ${fns.filter((f) => f.lines > 80).length}`);
console.log(`'as unknown as' in src/ and workers/: ${casts}`);
console.log(`exports no other file imports: ${unused.length}`);
if (args.includes('--list-unused')) for (const u of unused) console.log(`  ${u}`);
console.log(`dependencies: ${deps(pkg.dependencies)}`);
console.log(`devDependencies: ${deps(pkg.devDependencies)}`);
