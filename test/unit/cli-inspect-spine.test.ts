import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spineReport } from '../../src/cli/spineReport';
import { generatePhantom } from '../../src/phantom/index';
import { testDataPath } from '../testData';
import { analysisFromTruth } from './analysis-fixtures';
import { phantomVolume } from './volume-fixtures';

const REPO = path.resolve(import.meta.dirname, '../..');
const SERIES = testDataPath('ct-series');
const run = promisify(execFile);

/** The real command (`npm run -s inspect` = tsx src/cli/inspect.ts), as cli-inspect.test.ts runs it. */
async function inspect(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(path.join(REPO, 'node_modules/.bin/tsx'), ['src/cli/inspect.ts', ...args], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout };
  } catch (thrown) {
    const e = thrown as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const SPINE_KEYS = ['found', 'lumbarCount', 'lastRibLevel', 'levels', 'warnings'];
const LEVEL_KEYS = ['name', 'bodyCentreLps', 'superiorEndplateNormalLps', 'confidence'];

describe('inspect --spine', () => {
  it('adds the documented spine object to each series: head CT, no spine found, nothing invented', async () => {
    const { code, stdout } = await inspect(path.join(SERIES, 'ge-head-gantry-tilt'), '--json', '--spine');
    expect(code).toBe(0);
    const s = JSON.parse(stdout).series[0];
    expect(Object.keys(s).at(-1)).toBe('spine');
    expect(Object.keys(s.spine)).toEqual(SPINE_KEYS);
    expect(s.spine).toMatchObject({ found: false, lumbarCount: null, lastRibLevel: null, levels: [] });
  }, 120_000);

  it('pancreas CT: levels named T../L../S1 with LPS body centres and unit endplate normals', async () => {
    const { code, stdout } = await inspect(path.join(SERIES, 'pancreas-ct-cb001'), '--json', '--spine');
    expect(code).toBe(0);
    const spine = JSON.parse(stdout).series[0].spine;
    expect(Object.keys(spine)).toEqual(SPINE_KEYS);
    expect(typeof spine.found).toBe('boolean');
    for (const l of spine.levels) {
      expect(Object.keys(l)).toEqual(LEVEL_KEYS);
      expect(l.name).toMatch(/^(T\d{1,2}|L[1-6]|S1)$/);
      expect(Math.hypot(...l.superiorEndplateNormalLps)).toBeCloseTo(1, 2);
      expect(l.confidence).toBeGreaterThanOrEqual(0);
      expect(l.confidence).toBeLessThanOrEqual(1);
    }
    // Cranial to caudal.
    const z = spine.levels.map((l: { bodyCentreLps: number[] }) => l.bodyCentreLps[2]);
    expect(z).toEqual([...z].sort((a: number, b: number) => b - a));
  }, 180_000);

  it('the text report lists the levels; spineReport adds S1 from the sacrum', async () => {
    const { stdout } = await inspect(path.join(SERIES, 'ge-head-gantry-tilt'), '--spine');
    expect(stdout).toMatch(/ {2}spine {9}not found/);
    const p = generatePhantom({ size: 'small', seed: 1 });
    const r = spineReport(analysisFromTruth(p.truth, phantomVolume(p)));
    expect(r.levels.map((l) => l.name).slice(-3)).toEqual(['L4', 'L5', 'S1']);
    expect(r.levels.at(-1)!.superiorEndplateNormalLps[2]).toBeCloseTo(
      p.truth.sacrum.s1SuperiorEndplateNormal[2],
      3,
    );
    expect(r.lastRibLevel).toBe('T12');
  }, 120_000);
});
