import type { BodyFound } from './column';
import type { RibFound } from './ribs';

/**
 * Level names by explicit counting (the standard defence against wrong-level procedures: Konin & Walz,
 * AJR 2010, "Lumbosacral transitional vertebrae: classification, imaging findings, and clinical
 * relevance"): up from the sacrum, down from the last rib-bearing vertebra, and a stated disagreement
 * when the two counts do not give 5 lumbar-type vertebrae.
 */

/** The S1 body carries the alae: bone runs left-right through it far beyond a lumbar body's ~40-50 mm. */
const SACRUM_RUN_MM = 90;
const SACRUM_RUN_RATIO = 1.8;

export interface Naming {
  names: string[];
  /** Index of the S1 body in `bodies`, if found. */
  sacrumIndex: number | undefined;
  /** Index of the last rib-bearing vertebra, if seen with a rib-free vertebra below it. */
  lastRibIndex: number | undefined;
  ribs: { left: boolean; right: boolean }[];
  lumbarCount: number | undefined;
  countedFrom: 'sacrum' | 'last-rib' | 'sacrum-and-rib' | 'none';
  uncertain: boolean;
  warnings: string[];
  /** Confidence of each name. */
  confidence: number[];
}

/** Name of the vertebra `offset` above S1 (offset 1 = L5), for a spine with `lumbar` lumbar vertebrae. */
function nameAboveSacrum(offset: number, lumbar: number): string {
  if (offset <= 0) return 'S1';
  if (offset <= lumbar) return `L${lumbar + 1 - offset}`;
  return `T${12 - (offset - lumbar - 1)}`;
}

function thoracicOrLumbarName(fromT12: number): string {
  // fromT12 = 0 is T12, 1 = L1, -1 = T11...
  if (fromT12 >= 1) return `L${fromT12}`;
  const t = 12 + fromT12;
  return t >= 1 ? `T${t}` : `C${7 + t}`;
}

/** Which body (index, cranial to caudal) the rib's medial end belongs to: bounds halfway to the neighbours. */
function bodyOf(bodies: readonly BodyFound[], z: number): number | undefined {
  let best: number | undefined;
  let bestD = Infinity;
  bodies.forEach((b, i) => {
    const top = b.superiorCentreLps[2] + 6;
    const bottom = b.inferiorCentreLps[2] - 6;
    const d = z > top ? z - top : z < bottom ? bottom - z : 0;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return bestD <= 8 ? best : undefined;
}

export function nameLevels(bodies: readonly BodyFound[], ribsFound: readonly RibFound[]): Naming {
  const n = bodies.length;
  const widths = bodies.map((b) => b.widthMm);
  let sacrumIndex: number | undefined;
  for (let i = 1; i < n; i++) {
    const above = widths.slice(0, i).sort((a, b) => a - b);
    const typical = above[above.length >> 1]!;
    if (bodies[i]!.lateralRunMm >= Math.max(SACRUM_RUN_MM, SACRUM_RUN_RATIO * typical)) {
      sacrumIndex = i;
      break;
    }
  }
  const ribs = bodies.map(() => ({ left: false, right: false }));
  // Ribs end above the iliac crests: a piece reaching below the top of S1 is the ilium.
  const s1Top = sacrumIndex !== undefined ? bodies[sacrumIndex]!.superiorCentreLps[2] : -Infinity;
  for (const r of ribsFound) {
    if (r.lowestZMm < s1Top) continue;
    const i = bodyOf(bodies, r.medialEndLps[2]);
    if (i === undefined || (sacrumIndex !== undefined && i >= sacrumIndex)) continue;
    ribs[i]![r.side] = true;
  }
  let lastRib: number | undefined;
  for (let i = (sacrumIndex ?? n) - 1; i >= 0; i--)
    if (ribs[i]!.left || ribs[i]!.right) {
      lastRib = i;
      break;
    }
  // The last rib counts only if a rib-free vertebra lies below it (else the scan may end among the ribs).
  // A partial vertebra at the scan's end proves nothing: its rib may lie outside the scan.
  const ribFreeBelow =
    lastRib !== undefined && bodies.slice(lastRib + 1, sacrumIndex ?? n).some((b) => !b.partial);
  const lastRibIndex = ribFreeBelow ? lastRib : undefined;
  const warnings: string[] = [];
  const names: string[] = [];
  let countedFrom: Naming['countedFrom'] = 'none';
  let lumbarCount: number | undefined;
  let uncertain = false;
  let conf = 0;
  const top = sacrumIndex ?? n;
  if (sacrumIndex !== undefined && lastRibIndex !== undefined) {
    lumbarCount = sacrumIndex - lastRibIndex - 1;
    countedFrom = 'sacrum-and-rib';
    if (lumbarCount === 5) conf = 0.9;
    else {
      uncertain = true;
      conf = 0.4;
      const fromSacrum = nameAboveSacrum(1, 5);
      warnings.push(
        `${lumbarCount} lumbar-type vertebrae between the last rib and the sacrum (5 expected): ` +
          (lumbarCount < 5
            ? 'a sacralised L5, 11 rib pairs or a missed rib'
            : 'a lumbarised S1, 13 rib pairs or a missed rib') +
          `. Named with T12 at the last rib and S1 at the sacrum, so the vertebra above the sacrum is called ` +
          `L${lumbarCount} here; counted up from the sacrum alone it would be ${fromSacrum}. Confirm the count on ` +
          'whole-spine images before treating.',
      );
    }
    const lumbar = Math.max(1, lumbarCount);
    for (let i = 0; i < n; i++)
      names.push(i > sacrumIndex ? `S${i - sacrumIndex + 1}` : nameAboveSacrum(sacrumIndex - i, lumbar));
  } else if (sacrumIndex !== undefined) {
    countedFrom = 'sacrum';
    conf = 0.7;
    for (let i = 0; i < n; i++)
      names.push(i > sacrumIndex ? `S${i - sacrumIndex + 1}` : nameAboveSacrum(sacrumIndex - i, 5));
    warnings.push(
      lastRib !== undefined
        ? 'The scan ends among rib-bearing vertebrae: the count from the sacrum is not cross-checked against the last rib.'
        : 'No rib seen: levels are counted up from the sacrum only, not cross-checked against the last rib.',
    );
    if (sacrumIndex > 6 && lastRib === undefined) uncertain = true;
  } else if (lastRibIndex !== undefined) {
    countedFrom = 'last-rib';
    conf = 0.6;
    for (let i = 0; i < n; i++) names.push(thoracicOrLumbarName(i - lastRibIndex));
    warnings.push(
      'No sacrum in the scan: levels are counted down from the last rib (taken as T12), not cross-checked.',
    );
  } else {
    for (let i = 0; i < n; i++) names.push(`V${i + 1}`);
    warnings.push(
      lastRib !== undefined
        ? 'Rib-bearing (thoracic) vertebrae and no sacrum in the scan, which ends before a rib-free vertebra is confirmed: no level is named.'
        : 'Neither the sacrum nor a rib in the scan: no level is named.',
    );
  }
  const confidence = bodies.map((b, i) =>
    countedFrom === 'none' ? 0 : (b.partial ? 0.7 : 1) * conf * (i <= top ? 1 : 0.8),
  );
  return {
    names,
    sacrumIndex,
    lastRibIndex,
    ribs,
    lumbarCount,
    countedFrom,
    uncertain,
    warnings,
    confidence,
  };
}
