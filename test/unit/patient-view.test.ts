import { describe, expect, it } from 'vitest';
import type { ClearanceResult } from '../../src/planning/clearance';
import { emptyPlan } from '../../src/planning/planFile';
import { createTrajectory } from '../../src/planning/trajectory';
import { patientContent } from '../../src/ui/patient/patientContent';
import { patientHtml } from '../../src/ui/patient/patientHtml';
import { levelInPlainWords } from '../../src/ui/patient/patientTexts';

describe('patient view texts and file', () => {
  it('names levels in plain words', () => {
    expect(levelInPlainWords('L4-L5')).toBe('between the 4th and the 5th back bone of your lower back');
    expect(levelInPlainWords('T12-L1')).toBe(
      'between the 12th back bone of your upper back and the 1st back bone of your lower back',
    );
    expect(levelInPlainWords('L3')).toBe('the 3rd back bone of your lower back');
    expect(levelInPlainWords('S1')).toBe('the 1st opening of the bone at the base of your spine');
  });

  it('tells the steps from the procedure and the measured clearance, and writes one offline file', () => {
    const plan = emptyPlan('demo', '2026-12-07T00:00:00.000Z');
    plan.trajectories = [
      createTrajectory('t1', {
        entryLps: [60, 80, 0],
        targetLps: [10, 20, 0],
        procedure: 'tfesi',
        level: 'L4-L5',
        side: 'left',
      }),
    ];
    const clearance = [
      { name: 'Left L4 nerve root', minDistanceMm: 3.4 },
      { name: 'Aorta', minDistanceMm: 41.2 },
    ] as ClearanceResult[];
    const content = patientContent(plan, () => clearance);
    expect(content.where).toEqual([
      'Between the 4th and the 5th back bone of your lower back, on your left side.',
    ]);
    expect(content.steps).toHaveLength(6);
    expect(content.steps[2]).toMatch(
      /^The doctor takes X-ray pictures from several directions and guides a thin needle to the nerve/,
    );
    expect(content.keepsClear).toEqual([
      'The nerves: the planned path stays at least 3 mm away.',
      'Large blood vessels: the planned path stays at least 41 mm away.',
    ]);
    const html = patientHtml(
      { ...content, where: ['<script>alert(1)</script>'] },
      {
        positions: new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0]),
        indices: new Uint32Array([0, 1, 2]),
      },
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Self-contained: no URL to fetch anything from (scripts, styles, fonts, images all inline).
    expect(html).not.toMatch(/\b(src|href)=|https?:|url\(/);
    expect(html).toContain('function spineViewer');
  });
});
