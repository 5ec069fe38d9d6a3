/**
 * Checks every import in src/ against the layer rules in importRules.ts, and that pure layers
 * never touch window/document/WebGL. Exits 1 with one line per violation.
 * Run: npm run check:imports
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type Layer, RULES } from './importRules';

const root = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx|mts)$/;

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (SOURCE.test(name)) yield path;
  }
}

function layerOf(absPath: string): Layer | null {
  const rel = relative(root, absPath).split(sep);
  if (rel[0] === 'shaders') return 'shaders';
  if (rel[0] === 'models') return 'models';
  if (rel[0] !== 'src') return null;
  if (rel.length === 2) return rel[1]?.startsWith('main.') ? 'main' : null;
  const layer = rel[1] as Layer;
  return layer in RULES ? layer : null;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** A browser global used as an object (`window.x`, `document[...]`), or a DOM/WebGL type. Words in strings don't count. */
const DOM_USE =
  /\b(window|document|localStorage|sessionStorage)\s*[.[]|\b(WebGL2?RenderingContext|HTMLCanvasElement|HTMLElement)\b/;
const STRINGS = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

const problems: string[] = [];
const files = [...walk(join(root, 'src'))];
for (const file of files) {
  const from = layerOf(file);
  const relFile = relative(root, file);
  if (from === null) {
    problems.push(`${relFile}: not in a known layer (add it to test/tools/importRules.ts)`);
    continue;
  }
  const rule = RULES[from];
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)].map((m) => m[1]!);
  for (const spec of specifiers) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
      const to = layerOf(target);
      if (to === null) problems.push(`${relFile}: imports ${spec}, outside every layer`);
      else if (to !== from && !rule.layers.includes(to))
        problems.push(`${relFile}: ${from} may not import ${to} (${spec})`);
    } else {
      const allowed = rule.packages.some(
        (p) => spec === p || spec.startsWith(`${p}/`) || (p.endsWith(':') && spec.startsWith(p)),
      );
      if (!allowed) problems.push(`${relFile}: ${from} may not import package '${spec}'`);
    }
  }
  if (rule.domFree && !/\.test\.ts$/.test(file)) {
    text.split('\n').forEach((line, i) => {
      const code = line.replace(STRINGS, "''").replace(/\/\/.*$/, '');
      if (/^\s*(\/\*|\*)/.test(code)) return;
      if (DOM_USE.test(code))
        problems.push(`${relFile}:${i + 1}: ${from} must stay DOM-free: ${line.trim()}`);
    });
  }
}

if (problems.length > 0) {
  console.error(`Import rules: ${problems.length} violation(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`Import rules: ${files.length} files checked, no violations.`);
