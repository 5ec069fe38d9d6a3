import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { testDataPath } from '../testData';

const REPO = path.resolve(import.meta.dirname, '../..');
const SERIES = testDataPath('ct-series');
const run = promisify(execFile);

/** Runs the real command (`npm run -s inspect` = tsx src/cli/inspect.ts); resolves with exit code and output. */
async function inspect(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      path.join(REPO, 'node_modules/.bin/tsx'),
      ['src/cli/inspect.ts', ...args],
      {
        cwd: REPO,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (thrown) {
    const e = thrown as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'spineplan-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('inspect CLI', () => {
  it('prints the documented JSON for the gantry-tilted GE head series', async () => {
    const { code, stdout } = await inspect(path.join(SERIES, 'ge-head-gantry-tilt'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['series', 'skipped']);
    expect(report.skipped).toEqual([]);
    expect(report.series).toHaveLength(1);
    const s = report.series[0];
    expect(Object.keys(s)).toEqual([
      'seriesInstanceUid',
      'modality',
      'description',
      'dims',
      'spacingMm',
      'ijkToLps',
      'huMin',
      'huMax',
      'huMean',
      'warnings',
    ]);
    expect(s.seriesInstanceUid).toBe('1.2.826.0.1.3680043.9.4245.3115138630835728997848661150714813892');
    expect(s.modality).toBe('CT');
    expect(s.dims).toEqual([512, 512, 37]);
    expect(s.spacingMm[0]).toBeCloseTo(0.48828, 4);
    expect(s.ijkToLps).toHaveLength(16);
    // Origin = IPP of the lowest file (01.dcm); column 1 = column direction * row spacing.
    expect([s.ijkToLps[3], s.ijkToLps[7], s.ijkToLps[11]]).toEqual([-125, -123.5404569, 5.8360586]);
    expect(s.ijkToLps[5]).toBeCloseTo(0.9483237 * 0.4882812, 6);
    expect(s.ijkToLps.slice(12)).toEqual([0, 0, 0, 1]);
    expect(s.huMin).toBe(-1024);
    expect(s.huMax).toBeGreaterThan(1000);
    expect(s.huMean).toBeLessThan(0);
    expect(s.warnings).toContain('gantry tilt 18.5 deg: volume is sheared to match patient geometry');
  });

  it('reads a .zip, lists what it skipped and prints an aligned text report', async () => {
    const pancreas = path.join(SERIES, 'pancreas-ct-cb001');
    const entries: Record<string, Uint8Array> = { 'notes.txt': new TextEncoder().encode('not DICOM') };
    for (const n of ['1-010.dcm', '1-011.dcm', '1-012.dcm']) {
      entries[`ct/${n}`] = new Uint8Array(readFileSync(path.join(pancreas, n)));
    }
    const zipPath = path.join(scratch, 'case.zip');
    writeFileSync(zipPath, zipSync(entries));
    const json = await inspect(zipPath, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.series[0].dims).toEqual([512, 512, 3]);
    expect(report.skipped).toEqual([{ path: `${zipPath}/notes.txt`, reason: expect.any(String) }]);

    const text = await inspect(zipPath);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/dims \(i,j,k\)\s+512 x 512 x 3/);
    expect(text.stdout).toMatch(/spacing mm\s+1\.0742 x 1\.0742 x 3\.0000/);
    expect(text.stdout).toMatch(/Skipped \(1\)/);
  });

  it('exits 1 and says why when nothing forms a volume', async () => {
    const empty = path.join(scratch, 'nothing');
    writeFileSync(`${empty}.txt`, 'hello');
    const r = await inspect(`${empty}.txt`, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).series).toEqual([]);
    expect(r.stderr).toMatch(/no volume could be formed/);
  });
});
