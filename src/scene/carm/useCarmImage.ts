import { useMemo } from 'react';
import { invert4, transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import { sub } from '../../core/vec3';
import {
  carmGeometry,
  SOURCE_TO_DETECTOR_MM,
  SOURCE_TO_ISOCENTRE_MM,
} from '../../planning/carmViewsGeometry';
import { findNeedle } from '../../planning/needles';
import { useCarmStore } from '../../state/carmStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { useTraineeStore } from '../../state/traineeStore';
import { type DrrGeometry, type DrrNeedle, detectorPointLps, rayCoverage } from '../../volume/drr';
import type { Volume } from '../../volume/volume';
import { ijkToLps } from '../../volume/volume';

/** 22G outer diameter / 2, for plans naming a needle the catalogue lacks. */
const FALLBACK_RADIUS_MM = 0.359;
/** Fraction of the source-to-detector ray at the isocentre. */
const ISOCENTRE_DEPTH = SOURCE_TO_ISOCENTRE_MM / SOURCE_TO_DETECTOR_MM;
/** The scanned-range check samples this many rays a side over the field. */
const COVERAGE_PROBE_PX = 24;

/**
 * The isocentre: the selected trajectory's target, else the volume centre. During a trainee attempt the
 * C-arm is centred as a radiographer would on the exercise's level: the volume centre moved to the height
 * (S-I) of the expert target, which the instructions name anyway, never on the hidden target itself.
 */
export function useIsocentre(volume: Volume): Vec3 {
  const target = usePlanStore((s) => selectSelectedTrajectory(s)?.targetLps);
  const attemptLevelZ = useTraineeStore((s) =>
    s.attempt ? s.pkg?.expertPlan.trajectories[0]?.targetLps[2] : undefined,
  );
  return useMemo(() => {
    if (target) return target;
    const [nx, ny, nz] = volume.dims;
    const centre = ijkToLps(volume, [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
    return attemptLevelZ === undefined ? centre : [centre[0], centre[1], attemptLevelZ];
  }, [target, volume, attemptLevelZ]);
}

/** Every trajectory of the active plan as a steel cylinder from skin entry to tip. */
export function useDrrNeedles(): DrrNeedle[] {
  const trajectories = usePlanStore((s) => selectActivePlan(s)?.trajectories);
  return useMemo(
    () =>
      (trajectories ?? [])
        .filter((t) => sub(t.targetLps, t.entryLps).some((c) => c !== 0))
        .map((t) => ({
          fromLps: t.entryLps,
          toLps: t.targetLps,
          radiusMm: (findNeedle(t.needleId)?.outerDiameterMm ?? 2 * FALLBACK_RADIUS_MM) / 2,
        })),
    [trajectories],
  );
}

/** Which end of the scan a view reaches beyond: the first or the last slice, as the patient's head or feet. */
export type ScanEnd = 'head' | 'feet';

export interface CarmImage {
  geometry: DrrGeometry;
  /** Angles of the image shown (the live angles, or the last exposure in rehearsal mode). */
  shown: { obliqueDeg: number; tiltDeg: number } | null;
  /** Ends of the scan that rays inside the collimated field pass beyond (empty: the CT covers the field). */
  beyondScan: ScanEnd[];
}

/**
 * Ends of the scan toward which rays inside the collimated field leave the scanned range (coverage < 0.98, see
 * volume/drr.ts rayCoverage), from a coarse grid of rays (geometry only, no sampling): the side of the scan's
 * middle the ray is on at the isocentre's depth, named by the slice axis's S-I direction.
 */
export function scanEndsBeyond(volume: Volume, g: DrrGeometry, collimation: number): ScanEnd[] {
  const lpsToIjk = invert4(volume.ijkToLps);
  const [nx, ny, nz] = volume.dims;
  const toTc = (lps: Vec3): Vec3 => {
    const ijk = transformPoint(lpsToIjk, lps);
    return [(ijk[0] + 0.5) / nx, (ijk[1] + 0.5) / ny, (ijk[2] + 0.5) / nz];
  };
  // + along k is superior when the slice axis's z component is positive (LPS: +z = head).
  const kToHead = volume.ijkToLps[10]! >= 0;
  const source = toTc(g.sourceLps);
  const ends = new Set<ScanEnd>();
  const n = COVERAGE_PROBE_PX;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const fx = (c + 0.5) / n;
      const fy = (r + 0.5) / n;
      if (Math.hypot(fx - 0.5, fy - 0.5) > 0.5 * collimation) continue;
      const dir = sub(toTc(detectorPointLps(g, fx, fy)), source);
      if (rayCoverage(source, dir) >= 0.98) continue;
      // At the isocentre's depth (SOD / SID of the way) the ray is on the last slice's side of the middle or not.
      const pastLast = source[2] + ISOCENTRE_DEPTH * dir[2] > 0.5;
      ends.add(pastLast === kToHead ? 'head' : 'feet');
    }
  return [...ends];
}

/** Geometry of the image on the monitor, from the C-arm store and the plan, and where the CT ends in it. */
export function useCarmImage(volume: Volume): CarmImage {
  const s = useCarmStore();
  const isocentreLps = useIsocentre(volume);
  const shown = s.livePreview ? { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg } : s.exposed;
  const oblique = shown?.obliqueDeg ?? 0;
  const tilt = shown?.tiltDeg ?? 0;
  const geometry = useMemo(
    () => carmGeometry({ obliqueDeg: oblique, tiltDeg: tilt, isocentreLps, fieldMm: s.fieldMm }),
    [oblique, tilt, isocentreLps, s.fieldMm],
  );
  const beyondScan = useMemo(
    () => scanEndsBeyond(volume, geometry, s.collimation),
    [volume, geometry, s.collimation],
  );
  return { geometry, shown, beyondScan };
}
