import type { Vec3 } from '../core/vec3';
import { normalize, scale } from '../core/vec3';
import { frameAnglesOf, frameDirection } from './approachFrame';
import { aboveTable, type CarmAngles, carmAnglesFor, carmRecipe, carmViewProblem } from './carm';
import { findProcedure, type ProcedureDefinition, type StandardViewId, type ViewStep } from './procedures';
import type { ProcedureId, Side } from './trajectory';

/** One-click C-arm view of a procedure (procedures.ts), in the usual order of use; prone-frame angles. */
export interface CarmPreset extends CarmAngles {
  id: string;
  kind: StandardViewId | 'progression';
  /** Short button text, e.g. "AP squared". */
  label: string;
  /** The view in a sentence, for the view list. */
  description: string;
  /** What the operator looks for in this view. */
  hint: string;
  /** Why no C-arm can take this view (carm.ts carmViewProblem); such a view is shown, not offered. */
  problem?: string;
}

export interface CarmViewContext {
  procedure: ProcedureId;
  side: Side;
  /** Needle direction entry -> target (LPS) of the selected trajectory; without it the procedure's default. */
  needleDirLps?: Vec3;
  /** Superior endplate normal of the level (cranial), from truth or `sagittalEndplateNormal`. */
  endplateNormalLps?: Vec3;
}

const round1 = (deg: number): number => Math.round(deg * 10) / 10 + 0;

/**
 * Oblique toward the patient's `side` (ipsilateral: the detector turns toward that side) in carm.ts signs:
 * + = detector to the patient's left. Midline procedures use the left.
 */
export function ipsilateralObliqueDeg(side: Side, magnitudeDeg: number): number {
  return side === 'right' ? -magnitudeDeg : magnitudeDeg;
}

/** Prone-frame angles of a detector direction, on the end of its beam line above the table. */
const anglesOf = (detectorDir: Vec3): CarmAngles => {
  const a = carmAnglesFor(aboveTable(normalize(detectorDir), 'prone'));
  return { obliqueDeg: round1(a.obliqueDeg), tiltDeg: round1(a.tiltDeg) };
};

/**
 * Outward direction (target -> hub) of the needle the views follow: the planned needle's, else the
 * procedure's default approach (none for a transpedicular approach without a needle).
 */
function approachOutward(def: ProcedureDefinition, ctx: CarmViewContext): Vec3 | undefined {
  if (ctx.needleDirLps) return scale(normalize(ctx.needleDirLps), -1);
  const a = def.approach;
  if (a.kind !== 'angled') return undefined;
  return frameDirection(a, ctx.side, a.frame, ctx.endplateNormalLps);
}

/** The angles of one view step, or undefined when it needs a needle and there is none. */
function stepAngles(step: ViewStep, outward: Vec3 | undefined, ctx: CarmViewContext): CarmAngles | undefined {
  if (step.beam.kind === 'needle') return outward ? anglesOf(outward) : undefined;
  const { frame, obliqueDeg, tiltDeg } = step.beam;
  const approach = outward
    ? frameAnglesOf(outward, ctx.side, frame, ctx.endplateNormalLps)
    : { obliqueDeg: 0, tiltDeg: 0 };
  const angles = {
    obliqueDeg: obliqueDeg === 'approach' ? approach.obliqueDeg : obliqueDeg,
    tiltDeg: tiltDeg === 'approach' ? approach.tiltDeg : tiltDeg,
  };
  return anglesOf(frameDirection(angles, ctx.side, frame, ctx.endplateNormalLps));
}

function presetOf(step: ViewStep, angles: CarmAngles, ctx: CarmViewContext): CarmPreset {
  const squaredUnknown =
    step.beam.kind === 'frame' && step.beam.frame === 'endplate' && !ctx.endplateNormalLps;
  const problem = carmViewProblem(angles);
  return {
    id: step.id,
    kind: step.kind,
    label: step.label,
    description: step.description,
    hint: squaredUnknown ? `${step.hint} (endplate not known: tilt until it is a single line)` : step.hint,
    ...angles,
    ...(problem ? { problem } : {}),
  };
}

/**
 * The views of a procedure (procedures.ts viewSteps), in order, with their C-arm angles (prone frame).
 * Views at "the needle's angle" take the planned needle's angles measured in the view's frame, so with a
 * needle a squared oblique view has the needle's oblique and the bull's-eye is the needle's recipe
 * (carm.ts carmRecipe); without one they take the procedure's default approach. A procedure without a
 * definition ('other') gets AP, bull's-eye, progression and lateral.
 */
export function procedureViews(ctx: CarmViewContext): CarmPreset[] {
  const def = findProcedure(ctx.procedure);
  if (def) {
    const outward = approachOutward(def, ctx);
    return def.viewSteps.flatMap((step) => {
      const angles = stepAngles(step, outward, ctx);
      return angles ? [presetOf(step, angles, ctx)] : [];
    });
  }
  const recipe = ctx.needleDirLps ? carmRecipe(ctx.needleDirLps, ctx.side) : undefined;
  const generic = (
    id: string,
    kind: CarmPreset['kind'],
    label: string,
    hint: string,
    a: CarmAngles,
  ): CarmPreset => {
    const problem = carmViewProblem(a);
    return {
      id,
      kind,
      label,
      description: label,
      hint,
      obliqueDeg: round1(a.obliqueDeg),
      tiltDeg: round1(a.tiltDeg),
      ...(problem ? { problem } : {}),
    };
  };
  return [
    generic('ap', 'ap', 'AP', 'spinous processes midway between the pedicles', { obliqueDeg: 0, tiltDeg: 0 }),
    ...(recipe
      ? [
          generic('bulls-eye', 'bulls-eye', "Bull's-eye", 'needle a dot: advance coaxially', recipe.bullsEye),
          generic(
            'progression',
            'progression',
            'Progression',
            'needle depth, perpendicular to the needle',
            recipe.progression,
          ),
        ]
      : []),
    generic('lateral', 'lateral', 'Lateral', 'depth to the spinal canal', {
      obliqueDeg: ipsilateralObliqueDeg(ctx.side, 90),
      tiltDeg: 0,
    }),
  ];
}
