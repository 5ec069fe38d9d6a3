import type { Vec3 } from '../../core/vec3';
import { add, scale } from '../../core/vec3';
import { approximateRfLesion, depthMarksFromTipMm, findNeedle } from '../../planning/needles';
import type { Trajectory } from '../../planning/trajectory';
import { trajectoryDirection, trajectoryLengthMm } from '../../planning/trajectory';

/** Used when a plan names a needle the catalogue no longer has: 22G, the default's outer diameter. */
const FALLBACK_OUTER_DIAMETER_MM = 0.718;

export interface Segment3D {
  fromLps: Vec3;
  toLps: Vec3;
}

/** What the 3D view draws for one trajectory, in LPS mm (pure: tested in Node). */
export interface NeedleLayout {
  radiusMm: number;
  /** Unit vector entry -> target (the way the tip advances). */
  directionLps: Vec3;
  /** Insulated (or whole) shaft from the entry to where the active tip starts. */
  shaft: Segment3D;
  /** RF cannulae: the uninsulated tip, from `activeTipMm` behind the target to the target. */
  activeTip?: Segment3D;
  /** Depth marks every 10 mm measured back from the tip, inside the skin only. */
  depthMarksLps: Vec3[];
  /** RF cannulae: the approximate lesion as an ellipsoid (centre, length along the needle, width). */
  lesion?: { centreLps: Vec3; lengthMm: number; widthMm: number };
}

/** The needle drawn from skin entry to target; undefined while both ends coincide (placement). */
export function needleLayout(
  t: Pick<Trajectory, 'entryLps' | 'targetLps' | 'needleId'>,
): NeedleLayout | undefined {
  const dir = trajectoryDirection(t);
  if (!dir) return undefined;
  const lengthMm = trajectoryLengthMm(t);
  const needle = findNeedle(t.needleId);
  const radiusMm = (needle?.outerDiameterMm ?? FALLBACK_OUTER_DIAMETER_MM) / 2;
  const back = (mm: number): Vec3 => add(t.targetLps, scale(dir, -mm));
  const layout: NeedleLayout = {
    radiusMm,
    directionLps: dir,
    shaft: { fromLps: t.entryLps, toLps: t.targetLps },
    depthMarksLps: depthMarksFromTipMm(lengthMm).map(back),
  };
  const activeTipMm = needle?.activeTipMm;
  if (needle && activeTipMm !== undefined) {
    const tipStart = back(Math.min(activeTipMm, lengthMm));
    layout.shaft = { fromLps: t.entryLps, toLps: tipStart };
    layout.activeTip = { fromLps: tipStart, toLps: t.targetLps };
    const zone = approximateRfLesion(needle);
    if (zone) {
      // The zone runs from the start of the active tip to `distalExtentMm` beyond the tip; its centre is
      // halfway along. Approximate, for display only (needles.ts: Cosman et al. 2014, Pain Med 15:2020-36).
      const centreFromTipMm = (zone.distalExtentMm - zone.proximalFromTipMm) / 2;
      layout.lesion = {
        centreLps: add(t.targetLps, scale(dir, centreFromTipMm)),
        lengthMm: zone.lengthMm,
        widthMm: zone.widthMm,
      };
    }
  }
  return layout;
}
