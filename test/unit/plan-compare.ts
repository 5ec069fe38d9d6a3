/**
 * Plans compared as a plan read back from a DICOM SR should equal the one stored: numbers within
 * SR_POINT_TOLERANCE_MM (the SR keeps points as 32-bit floats), everything else exact. Each difference is
 * one line with its path, e.g. "plan.trajectories[2].entryLps[1]: 12.5 vs 12.6".
 */
import { SR_POINT_TOLERANCE_MM } from '../../src/app/planSr';

export function planDifferences(a: unknown, b: unknown, path = 'plan', out: string[] = []): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > SR_POINT_TOLERANCE_MM) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} vs ${b.length} entries`);
    else
      a.forEach((x, i) => {
        planDifferences(x, b[i], `${path}[${i}]`, out);
      });
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys)
      planDifferences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
        out,
      );
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}
