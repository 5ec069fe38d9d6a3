import type { Vec3 } from '../core/vec3';
import {
  angleToPlaneDeg,
  craniocaudalToEndplateDeg,
  type PatientAxisAngles,
  patientAxisAngles,
} from './angles';
import { type CarmRecipe, carmRecipe, type PatientPosition } from './carm';
import { type ClearanceResult, type ClearanceStructure, clearances, type NeedleCapsule } from './clearance';
import { findNeedle, isNeedleLongEnough, type NeedleLengthCheck, type NeedleModel } from './needles';
import { type PaintedRegion, paintedStructures } from './noGoMask';
import { type LpsSampler, type PathProfile, pathProfile } from './pathProfile';
import { type Trajectory, trajectoryDirection, trajectoryLengthMm } from './trajectory';

/** What the volume and the case add to a trajectory's readouts; everything is optional. */
export interface ReadoutContext {
  /** HU at an LPS point (e.g. volume/sample.ts sampleTrilinearLps bound to the volume). */
  sampler?: LpsSampler;
  contrastEnhanced?: boolean;
  structures?: readonly ClearanceStructure[];
  /** Superior endplate normal of the planned level (from the phantom's ground truth or the user). */
  endplateNormal?: Vec3;
  /**
   * Warn when the needle passes within this distance (mm) of a structure it does not violate: the plan's
   * `clearanceWarningMm` (planFile.ts; default 2 mm). Absent: only violations warn.
   */
  warningDistanceMm?: number;
  /** How the patient will lie for the C-arm recipe's names (carm.ts); prone when absent. */
  patientPosition?: PatientPosition;
}

/** Every live readout of issue 7 for one trajectory, plus plain-language warnings. */
export interface TrajectoryReadouts {
  lengthMm: number;
  direction: Vec3 | undefined;
  needle: NeedleModel | undefined;
  lengthCheck: NeedleLengthCheck | undefined;
  angles: PatientAxisAngles | undefined;
  endplate: { angleToPlaneDeg: number; craniocaudalDeg: number } | undefined;
  carm: CarmRecipe | undefined;
  profile: PathProfile | undefined;
  clearance: ClearanceResult[];
  warnings: string[];
}

export function needleCapsuleOf(t: Trajectory, needle: NeedleModel | undefined): NeedleCapsule {
  return { entryLps: t.entryLps, tipLps: t.targetLps, radiusMm: (needle?.outerDiameterMm ?? 0) / 2 };
}

const mm = (v: number) => `${v.toFixed(1)} mm`;

export function trajectoryReadouts(t: Trajectory, context: ReadoutContext = {}): TrajectoryReadouts {
  const lengthMm = trajectoryLengthMm(t);
  const direction = trajectoryDirection(t);
  const needle = findNeedle(t.needleId);
  const lengthCheck = needle && isNeedleLongEnough(needle, lengthMm);
  const warnings: string[] = [];
  if (!direction) warnings.push('Entry and target coincide: move one of them.');
  if (!needle) warnings.push(`Unknown needle '${t.needleId}': pick one from the catalogue.`);
  if (lengthCheck && !lengthCheck.longEnough)
    warnings.push(
      `Needle too short by ${mm(lengthCheck.shortfallMm)}: path ${mm(lengthMm)} + ${mm(lengthCheck.allowanceMm)} hub/skin allowance > ${mm(needle!.lengthMm)}.`,
    );
  const profile =
    context.sampler && direction
      ? pathProfile(t.entryLps, t.targetLps, context.sampler, { contrastEnhanced: context.contrastEnhanced })
      : undefined;
  if (profile?.flags.corticalBone)
    warnings.push(`Path crosses cortical bone at ${mm(profile.firstDepthMm['cortical-bone']!)} depth.`);
  if (profile?.flags.air) warnings.push('Path crosses air inside the body.');
  if (profile?.flags.vessel)
    warnings.push(
      `Path crosses contrast-range HU (possible vessel) at ${mm(profile.firstDepthMm.vessel!)} depth.`,
    );
  const clearance = context.structures ? clearances(needleCapsuleOf(t, needle), context.structures) : [];
  for (const c of clearance.filter((c) => c.violates))
    warnings.push(`Too close to ${c.name}: ${mm(c.minDistanceMm)} at ${mm(c.depthMm)} depth.`);
  const near = context.warningDistanceMm;
  if (near !== undefined)
    for (const c of clearance.filter((c) => !c.violates && c.minDistanceMm < near))
      warnings.push(
        `Within ${mm(near)} of ${c.name}: ${mm(c.minDistanceMm)} at ${mm(c.depthMm)} depth (warning distance).`,
      );
  const n = context.endplateNormal;
  return {
    lengthMm,
    direction,
    needle,
    lengthCheck,
    angles: direction && patientAxisAngles(direction, t.side),
    endplate:
      direction && n
        ? {
            angleToPlaneDeg: angleToPlaneDeg(direction, n),
            craniocaudalDeg: craniocaudalToEndplateDeg(direction, n),
          }
        : undefined,
    carm: direction && carmRecipe(direction, t.side, context.patientPosition),
    profile,
    clearance,
    warnings,
  };
}

/** What the plan (not the volume) adds to a trajectory's readouts: the same for the plan panel and the report. */
export interface PlanReadoutInputs {
  /** The plan's marked and painted no-go structures (planClearanceStructures, computed once per plan change). */
  planStructures: readonly ClearanceStructure[];
  /** The plan's `clearanceWarningMm`. */
  warningDistanceMm: number;
  /** How the patient lies (the C-arm store's choice): names the C-arm recipe. */
  patientPosition: PatientPosition;
  contrastEnhanced?: boolean;
}

/** A plan's marked shapes and painted regions as clearance structures (the masks are cropped here, so memoise). */
export function planClearanceStructures(plan: {
  noGoStructures?: readonly ClearanceStructure[];
  noGoMasks?: readonly PaintedRegion[];
}): ClearanceStructure[] {
  return [...(plan.noGoStructures ?? []), ...paintedStructures(plan.noGoMasks ?? [])];
}

/**
 * The readouts the plan panel and the printable report show for `t`: the volume's context (HU sampler, the
 * demo's ground-truth structures and endplate) plus the plan's own no-go structures, warning distance and
 * the patient position. One builder so the panel and the report cannot drift apart.
 */
export function planTrajectoryReadouts(
  t: Trajectory,
  volumeContext: ReadoutContext,
  plan: PlanReadoutInputs,
): TrajectoryReadouts {
  return trajectoryReadouts(t, {
    ...volumeContext,
    contrastEnhanced: plan.contrastEnhanced,
    structures: [...(volumeContext.structures ?? []), ...plan.planStructures],
    warningDistanceMm: plan.warningDistanceMm,
    patientPosition: plan.patientPosition,
  });
}
