import { describe, expect, it } from 'vitest';
import { exportFileName, fileSafe, planTitle, trajectoryTitle } from '../../src/planning/exportNames';

describe('exported file names for people (issue 19)', () => {
  const date = new Date(2026, 11, 6, 21, 30);
  it('names procedure, level, side, patient and date', () => {
    const t = { procedure: 'tfesi' as const, level: 'L4-L5', side: 'left' as const };
    expect(trajectoryTitle(t)).toBe('L4-L5 left TFESI');
    expect(exportFileName(planTitle([t]), 'DOE, JANE', date, 'json')).toBe(
      'L4-L5 left TFESI - DOE, JANE - 2026-12-06.json',
    );
  });

  it('midline procedures name no side; several trajectories are counted', () => {
    const il = { procedure: 'interlaminar-epidural' as const, level: 'L5-S1', side: 'right' as const };
    expect(trajectoryTitle(il)).toBe('L5-S1 ILESI');
    const ts = [
      { procedure: 'tfesi' as const, level: 'L4-L5', side: 'left' as const },
      { procedure: 'tfesi' as const, level: 'L4-L5', side: 'right' as const },
      il,
      { procedure: 'sacroiliac' as const, level: 'S1', side: 'left' as const },
    ];
    expect(planTitle(ts)).toBe('L4-L5 left TFESI + L4-L5 right TFESI + 2 more');
    expect(planTitle([])).toBe('Plan');
  });

  it('keeps only characters every file system takes, and a bounded length', () => {
    expect(fileSafe('a/b\\c:d*e?"f"<g>|h.')).toBe('a_b_c_d_e__f__g__h');
    const long = exportFileName('L4-L5 left TFESI', 'X'.repeat(300), date, 'json');
    expect(long.length).toBeLessThanOrEqual(130);
    expect(long).toMatch(/^L4-L5 left TFESI - X+… - 2026-12-06\.json$/);
  });
});
