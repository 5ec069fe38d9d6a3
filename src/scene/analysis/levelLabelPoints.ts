import type { SpineAnalysis } from '../../analysis/index';
import type { Vec3 } from '../../core/vec3';
import { add, dot, normalize, scale, sub } from '../../core/vec3';
import type { SlicePlane } from '../../volume/slicePlanes';

/** One vertebra's label: where it is anchored (beside the body) and which body it names. */
export interface LevelLabel {
  /** Index in `analysis.vertebrae`; -1 for the sacrum's 'S1' when it is not in the list. */
  index: number;
  name: string;
  bodyLps: Vec3;
  /** Where the text goes: beside the body, on the side the view shows free (anterior, or the patient's right). */
  anchorLps: Vec3;
  confidence: number;
}

/** Labels sit this far from the body centre: past a lumbar body's half depth/width (~15-25 mm: Panjabi et al., Spine 1992). */
export const LABEL_OFFSET_MM = 32;
/** A sagittal/coronal/oblique view labels bodies within this distance of its plane (a body is ~40-50 mm wide). */
export const NEAR_PLANE_MM = 30;

/** Every vertebra the analysis named, plus the sacrum's S1 (its endplate) when not listed as a vertebra. */
export function levelLabels(a: SpineAnalysis | null): Omit<LevelLabel, 'anchorLps'>[] {
  if (!a?.found) return [];
  const out: Omit<LevelLabel, 'anchorLps'>[] = a.vertebrae.map((v, index) => ({
    index,
    name: v.name,
    bodyLps: v.bodyCentreLps,
    confidence: v.confidence,
  }));
  if (a.sacrum && !a.vertebrae.some((v) => v.name === 'S1'))
    out.push({
      index: -1,
      name: 'S1',
      bodyLps: a.sacrum.s1SuperiorEndplateCentreLps,
      confidence: a.sacrum.confidence,
    });
  return out;
}

/**
 * The labels one 2D view shows, anchored beside their bodies in the plane. An axial-like view (normal
 * mostly cranio-caudal) names the one body it cuts (within half the spacing to the next body); other views
 * name the bodies near the plane. The text goes anterior of the body in views that show anterior, else to
 * the patient's right.
 */
export function labelsInPlane(a: SpineAnalysis | null, plane: SlicePlane): LevelLabel[] {
  const all = levelLabels(a);
  if (all.length === 0) return [];
  const n = plane.normalLps;
  const along = (p: Vec3) => dot(sub(p, plane.originLps), n);
  const axialLike = Math.abs(n[2]) > 0.7;
  // In-plane direction for the text: anterior (-y) when the plane shows it, else the patient's right (-x).
  const inPlane = (d: Vec3): Vec3 => sub(d, scale(n, dot(d, n)));
  const anterior = inPlane([0, -1, 0]);
  const side = Math.hypot(...anterior) > 0.5 ? normalize(anterior) : normalize(inPlane([-1, 0, 0]));
  const anchor = (l: Omit<LevelLabel, 'anchorLps'>): LevelLabel => {
    const onPlane = sub(l.bodyLps, scale(n, along(l.bodyLps)));
    return { ...l, anchorLps: add(onPlane, scale(side, LABEL_OFFSET_MM)) };
  };
  if (!axialLike) return all.filter((l) => Math.abs(along(l.bodyLps)) <= NEAR_PLANE_MM).map(anchor);
  // Axial: the body whose centre is nearest the plane, if the plane is within its half-spacing.
  const sorted = [...all].sort((x, y) => Math.abs(along(x.bodyLps)) - Math.abs(along(y.bodyLps)));
  const nearest = sorted[0]!;
  const zs = all.map((l) => l.bodyLps[2]).sort((x, y) => x - y);
  const gaps = zs
    .slice(1)
    .map((z, i) => z - zs[i]!)
    .sort((x, y) => x - y);
  // Half the median body-to-body spacing (~35-40 mm in the lumbar spine); 20 mm with a single body.
  const halfSpacing = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! / 2 : 20;
  return Math.abs(along(nearest.bodyLps)) <= halfSpacing ? [anchor(nearest)] : [];
}
