/**
 * Checks the production build: the WebXR emulator (iwer, whose runtime class is XRDevice) must not ship
 * (issue 8). Library defaults that merely name a device or a CDN profile path are fine: the app overrides them
 * and the CSP blocks any remote origin. Run after `npm run build`: npm run check:bundle
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../..', process.env.SPINEPLAN_OUT_DIR ?? 'dist');
const assets = join(dist, 'assets');
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\bXRDevice\b/, why: 'WebXR emulator (iwer) in the production bundle' },
];

const problems: string[] = [];
const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
for (const file of files) {
  const text = readFileSync(join(assets, file), 'utf8');
  for (const { pattern, why } of FORBIDDEN) if (pattern.test(text)) problems.push(`${file}: ${why}`);
}
if (files.length === 0) problems.push(`no JavaScript in ${assets}: build first`);
if (problems.length > 0) {
  console.error(`Bundle check: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`Bundle check: ${files.length} chunks, no WebXR emulator.`);
