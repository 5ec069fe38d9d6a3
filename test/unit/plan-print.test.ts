import { describe, expect, it } from 'vitest';
import { checkPlanAgainstCase } from '../../src/planning/planCaseBounds';
import { emptyPlan, type Plan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { mergePlans } from '../../src/planning/planMerge';
import type { PlanPrint } from '../../src/planning/printSetup';

/** A print as the print job keeps it: 4 base pits and 2 spinous pits, LPS mm. */
const print: PlanPrint = {
  vertebrae: 'L3-L5',
  spacingMm: 1,
  fiducials: [
    { id: 'base-right-cranial', label: 'Base, right cranial corner', positionLps: [-56, -60, 40] },
    { id: 'base-left-cranial', label: 'Base, left cranial corner', positionLps: [56, -60, 40] },
    { id: 'base-right-caudal', label: 'Base, right caudal corner', positionLps: [-56, -60, -80] },
    { id: 'base-left-caudal', label: 'Base, left caudal corner', positionLps: [56, -60, -80] },
    { id: 'spinous-cranial', label: 'Spinous process, cranial', positionLps: [1, 40, 10] },
    { id: 'spinous-caudal', label: 'Spinous process, caudal', positionLps: [2, 42, -50] },
  ],
  lpsToPrint: [1, 0, 0, 0, 0, 0, -1, -20, 0, 1, 0, 65, 0, 0, 0, 1],
  madeAt: '2026-12-07T00:30:00.000Z',
};
const withPrint = (p: PlanPrint | unknown): string => {
  const plan = emptyPlan('1.2.3', '2026-12-07T00:00:00.000Z');
  return serializePlan({ ...plan, print: p as PlanPrint });
};
/** A 512 x 512 x 134 CT at 1 x 1 x 3 mm around the origin. */
const grid = {
  dims: [512, 512, 134] as const,
  ijkToLps: [1, 0, 0, -256, 0, 1, 0, -256, 0, 0, 3, -200, 0, 0, 0, 1],
};

describe("the print's pits are kept with the plan (issue 23)", () => {
  it('survive the plan file and a plan without a print stays valid', () => {
    const back = parsePlanFile(withPrint(print));
    expect(back.ok && back.value.print).toEqual(print);
    const none = parsePlanFile(serializePlan(emptyPlan('1.2.3', '2026-12-07T00:00:00.000Z')));
    expect(none.ok && none.value.print).toBeUndefined();
  });

  it('hostile prints are refused by field and limit', () => {
    const cases: [unknown, RegExp][] = [
      [
        { ...print, fiducials: Array.from({ length: 17 }, () => print.fiducials[0]) },
        /print\.fiducials: .*17.*16 pits/,
      ],
      [{ ...print, lpsToPrint: [1, 2, 3] }, /print\.lpsToPrint: expected 16 finite numbers/],
      [{ ...print, lpsToPrint: [...print.lpsToPrint.slice(0, 15), 1e9] }, /print\.lpsToPrint/],
      [{ ...print, spacingMm: 0 }, /print\.spacingMm/],
      [
        { ...print, fiducials: [{ ...print.fiducials[0], positionLps: [1e9, 0, 0] }] },
        /print\.fiducials\[0\]\.positionLps/,
      ],
      ['a string', /print\.: expected an object/],
    ];
    for (const [hostile, reason] of cases) {
      const result = parsePlanFile(withPrint(hostile));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(reason);
    }
  });

  it('a pit far outside the images is refused against the open case, named', () => {
    const plan = parsePlanFile(withPrint(print));
    if (!plan.ok) throw new Error(plan.error);
    expect(checkPlanAgainstCase(plan.value, grid).ok).toBe(true);
    const far: Plan = {
      ...plan.value,
      print: { ...print, fiducials: [{ ...print.fiducials[0]!, positionLps: [0, 0, 2000] }] },
    };
    const refused = checkPlanAgainstCase(far, grid);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain("print pit 'Base, right cranial corner'");
  });

  it('two tabs: a print made in either is kept by the merge', () => {
    const base = emptyPlan('1.2.3', '2026-12-07T00:00:00.000Z');
    const local = { ...base };
    const remote = { ...base, print };
    expect(mergePlans(base, local, remote).plan.print).toEqual(print);
    expect(mergePlans(base, remote, local).plan.print).toEqual(print);
    expect(mergePlans(base, local, local).plan.print).toBeUndefined();
  });
});
