import { useMemo } from 'react';
import type { Vec3 } from '../../core/vec3';
import { sub } from '../../core/vec3';
import { carmGeometry } from '../../planning/carmViewsGeometry';
import { findNeedle } from '../../planning/needles';
import { useCarmStore } from '../../state/carmStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { useTraineeStore } from '../../state/traineeStore';
import { computeDrr, type DrrGeometry, type DrrNeedle } from '../../volume/drr';
import { adjustWindow, autoWindow, type DrrWindow } from '../../volume/drrDisplay';
import type { Volume } from '../../volume/volume';
import { ijkToLps } from '../../volume/volume';

/** 22G outer diameter / 2, for plans naming a needle the catalogue lacks. */
const FALLBACK_RADIUS_MM = 0.359;
/** Automatic brightness control samples a coarse image: 32 x 32 rays at 3 mm steps (~20 ms on the CPU). */
const ABC_SIZE_PX = 32;
const ABC_STEP_MM = 3;

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

export interface CarmImage {
  geometry: DrrGeometry;
  window: DrrWindow;
  /** Angles of the image shown (the live angles, or the last exposure in rehearsal mode). */
  shown: { obliqueDeg: number; tiltDeg: number } | null;
}

/** Geometry and display window of the image on the monitor, from the C-arm store and the plan. */
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
  const base = useMemo(
    () =>
      s.fixedWindow ?? autoWindow(computeDrr(volume, geometry, { sizePx: ABC_SIZE_PX, stepMm: ABC_STEP_MM })),
    [volume, geometry, s.fixedWindow],
  );
  const window = useMemo(
    () => adjustWindow(base, s.brightness, s.contrast, s.blackBone),
    [base, s.brightness, s.contrast, s.blackBone],
  );
  return { geometry, window, shown };
}
