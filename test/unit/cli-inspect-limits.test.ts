/**
 * `npm run inspect` on a folder holding bombs beside a good CT (issue 24 class 3): the CT forms its
 * volume, each bomb is listed once in "skipped" with its named limit and numbers, exit code 0.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { deflateBomb, enhancedCtClaiming, makeZip } from '../hostile/bombs';
import { testDataPath } from '../testData';

const REPO = path.resolve(import.meta.dirname, '../..');
const GE = testDataPath('ct-series/ge-head-gantry-tilt');
const GB = 1024 ** 3;
const dir = mkdtempSync(path.join(tmpdir(), 'spineplan-cli-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspect CLI: bombs refused by name beside a CT that still opens', () => {
  it('lists each refusal once, with the limit and the numbers', async () => {
    for (const name of readdirSync(GE).sort().slice(0, 6))
      copyFileSync(path.join(GE, name), path.join(dir, name));
    writeFileSync(
      path.join(dir, 'bomb.zip'),
      makeZip([
        { name: 'inner.dcm', data: deflateBomb(3 * GB), method: 8, declaredUncompressed: 3 * GB - 1 },
      ]),
    );
    writeFileSync(path.join(dir, 'frames.dcm'), enhancedCtClaiming(2e9));
    let nested = zipSync({ 'x.dcm': new Uint8Array(10) });
    for (let level = 0; level < 4; level++) nested = zipSync({ [`l${level}.zip`]: nested });
    writeFileSync(path.join(dir, 'nested.zip'), nested);

    const { stdout } = await promisify(execFile)(
      path.join(REPO, 'node_modules/.bin/tsx'),
      ['src/cli/inspect.ts', dir, '--json'],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as {
      series: { dims: number[] }[];
      skipped: { path: string; reason: string }[];
    };
    expect(report.series).toHaveLength(1);
    expect(report.series[0]!.dims).toEqual([512, 512, 6]);
    const reasons = Object.fromEntries(report.skipped.map((s) => [path.relative(dir, s.path), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'bomb.zip/inner.dcm',
      'frames.dcm',
      'nested.zip/l3.zip/l2.zip/l1.zip',
    ]);
    expect(reasons['bomb.zip/inner.dcm']).toMatch(
      /^refused: the zip entry declares 3\.0 GB from 3\.0 MB \(1028:1\), over the limit of 200:1/,
    );
    expect(reasons['frames.dcm']).toMatch(
      /^refused: NumberOfFrames \(0028,0008\) declares 2000000000 frames of 512 x 512 at 16 bits: 954 TB of pixels, but the pixel data holds 4\.0 KB/,
    );
    expect(reasons['nested.zip/l3.zip/l2.zip/l1.zip']).toMatch(/^refused: a zip nested 3 archives deep/);
  }, 60_000);
});
