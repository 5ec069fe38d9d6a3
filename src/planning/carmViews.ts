import type { Vec3 } from '../core/vec3';
import { type CarmAngles, carmRecipe, squaredEndplateTiltDeg } from './carm';
import type { ProcedureId, Side } from './trajectory';

/** One-click C-arm view of a procedure template (domain.md section 5), in the usual order of use. */
export interface CarmPreset extends CarmAngles {
  id: string;
  /** Short button text, e.g. "AP (squared)". */
  label: string;
  /** What the operator looks for in this view. */
  hint: string;
}

export interface CarmViewContext {
  procedure: ProcedureId;
  side: Side;
  /** Needle direction entry -> target (LPS) of the selected trajectory; without it no bull's-eye. */
  needleDirLps?: Vec3;
  /** Superior endplate normal of the level (cranial), from truth or `sagittalEndplateNormal`. */
  endplateNormalLps?: Vec3;
}

/** Ipsilateral oblique magnitudes (deg) from the ranges in domain.md section 5. */
const TFESI_OBLIQUE_DEG = 25;
const RETRODISCAL_OBLIQUE_DEG = 30;
const S1_OBLIQUE_DEG = 10;
const SI_CEPHALAD_DEG = 15;
const SI_CONTRA_OBLIQUE_DEG = 15;
const CONTRALATERAL_OBLIQUE_ILESI_DEG = 50;
const RFA_CAUDAL_DEG = -25;

const round1 = (deg: number): number => Math.round(deg * 10) / 10;

/**
 * Oblique toward the patient's `side` (ipsilateral: the detector turns toward that side) in carm.ts signs:
 * + = detector to the patient's left. Midline procedures use the left.
 */
export function ipsilateralObliqueDeg(side: Side, magnitudeDeg: number): number {
  return side === 'right' ? -magnitudeDeg : magnitudeDeg;
}

/** Tilt squaring the endplate at `obliqueDeg`, 0 when no endplate is known. */
function squaredTilt(ctx: CarmViewContext, obliqueDeg: number): number {
  return ctx.endplateNormalLps ? round1(squaredEndplateTiltDeg(ctx.endplateNormalLps, obliqueDeg)) : 0;
}

/** The views of a procedure template, in order; bull's-eye/progression come from carm.ts's recipe. */
export function procedureViews(ctx: CarmViewContext): CarmPreset[] {
  const { side } = ctx;
  const recipe = ctx.needleDirLps ? carmRecipe(ctx.needleDirLps, side) : undefined;
  const ap = (label = 'AP', hint = 'spinous processes midway between the pedicles'): CarmPreset => ({
    id: 'ap',
    label,
    hint,
    obliqueDeg: 0,
    tiltDeg: 0,
  });
  const apSquared: CarmPreset = {
    id: 'ap-squared',
    label: 'AP squared',
    hint: ctx.endplateNormalLps
      ? 'superior endplate a single line'
      : 'tilt CRAN/CAUD until the endplate is a single line',
    obliqueDeg: 0,
    tiltDeg: squaredTilt(ctx, 0),
  };
  const oblique = (id: string, label: string, magnitude: number, hint: string, ipsi = true): CarmPreset => {
    const o = ipsilateralObliqueDeg(side, ipsi ? magnitude : -magnitude);
    return { id, label, hint, obliqueDeg: o, tiltDeg: squaredTilt(ctx, o) };
  };
  const bullsEye: CarmPreset[] = recipe
    ? [
        {
          id: 'bulls-eye',
          label: "Bull's-eye",
          hint: 'needle a dot: advance coaxially',
          obliqueDeg: round1(recipe.bullsEye.obliqueDeg),
          tiltDeg: round1(recipe.bullsEye.tiltDeg),
        },
      ]
    : [];
  const progression: CarmPreset[] = recipe
    ? [
        {
          id: 'progression',
          label: 'Progression',
          hint: 'needle depth, perpendicular to the needle',
          obliqueDeg: round1(recipe.progression.obliqueDeg),
          tiltDeg: round1(recipe.progression.tiltDeg),
        },
      ]
    : [];
  const lateralSign = side === 'right' ? -1 : 1;
  const lateral: CarmPreset = {
    id: 'lateral',
    label: 'Lateral',
    hint: 'depth to the spinal canal',
    obliqueDeg: 90 * lateralSign,
    tiltDeg: 0,
  };

  switch (ctx.procedure) {
    case 'tfesi':
      return [
        apSquared,
        oblique('oblique', 'Ipsi oblique', TFESI_OBLIQUE_DEG, 'SAP under the pedicle ("Scotty dog")'),
        ...bullsEye,
        lateral,
        {
          ...apSquared,
          id: 'ap-final',
          label: 'AP (medial limit)',
          hint: "tip not medial to the 6 o'clock of the pedicle",
        },
      ];
    case 'tfesi-retrodiscal':
      return [
        apSquared,
        oblique('oblique', 'Ipsi oblique', RETRODISCAL_OBLIQUE_DEG, 'SAP tip over the mid-disc (Kambin)'),
        ...bullsEye,
        lateral,
      ];
    case 's1-tfesi':
      return [
        ap(),
        { ...apSquared, label: 'AP cephalad (S1 squared)', hint: 'S1 endplate a line' },
        oblique('oblique', 'Slight ipsi oblique', S1_OBLIQUE_DEG, 'dorsal and ventral S1 foramina aligned'),
        ...bullsEye,
        lateral,
      ];
    case 'medial-branch-block':
      return [
        apSquared,
        oblique('oblique', 'Ipsi oblique', TFESI_OBLIQUE_DEG, 'eye of the Scotty dog (SAP-TP junction)'),
        ...bullsEye,
        lateral,
      ];
    case 'medial-branch-rfa': {
      const o = ipsilateralObliqueDeg(side, TFESI_OBLIQUE_DEG);
      return [
        apSquared,
        {
          id: 'tunnel',
          label: 'Tunnel (oblique + caudal)',
          hint: 'cannula parallel to the nerve in the SAP-TP groove',
          obliqueDeg: o,
          tiltDeg: RFA_CAUDAL_DEG,
        },
        ...bullsEye,
        lateral,
      ];
    }
    case 'sacroiliac':
      return [
        ap(),
        {
          id: 'cephalad',
          label: `Cephalad ${SI_CEPHALAD_DEG}`,
          hint: 'inferior joint opened',
          obliqueDeg: 0,
          tiltDeg: SI_CEPHALAD_DEG,
        },
        {
          id: 'contra-oblique',
          label: 'Contra oblique',
          hint: 'posterior joint line lucent',
          obliqueDeg: ipsilateralObliqueDeg(side, -SI_CONTRA_OBLIQUE_DEG),
          tiltDeg: SI_CEPHALAD_DEG,
        },
        ...bullsEye,
        lateral,
      ];
    case 'vertebroplasty':
      return [
        { ...apSquared, label: "AP (owl's eye)", hint: 'pedicles en face, endplates squared' },
        ...bullsEye.map((b) => ({ ...b, hint: 'down the pedicle' })),
        lateral,
      ];
    case 'interlaminar-epidural':
    case 'lumbar-puncture':
      return [
        { ...apSquared, label: 'AP (space open)', hint: 'interlaminar space opened by the tilt' },
        lateral,
        oblique(
          'contra-oblique',
          'Contra oblique',
          CONTRALATERAL_OBLIQUE_ILESI_DEG,
          'depth along the ventral interlaminar line',
          false,
        ),
      ];
    default:
      return [ap(), ...bullsEye, ...progression, lateral];
  }
}
