import type { AngleFrame } from './approachFrame';
import type { ProcedureId, Side } from './trajectory';

/**
 * One definition per procedure: what it targets, how the needle approaches, which needle, the C-arm view
 * sequence with its angles, the labels and the sources. The templates (templates.ts, proposal.ts), the
 * C-arm view buttons (carmViews.ts), the view lists the plan panel and the report print and the trainee's
 * expected views all derive from this table, so they cannot disagree.
 */

/** Where a procedure's target comes from in a ground truth (phantom/truth.ts names these landmarks). */
export type TargetLandmark =
  | 'safe-triangle'
  | 'kambin-triangle'
  | 's1-dorsal-foramen'
  | 'sap-tp-junction'
  | 'si-joint-lower-third'
  | 'vertebral-body-anterior-third'
  | 'interlaminar-window'
  | 'thecal-sac';

/**
 * Kinds of C-arm view, stored in plan files with a proposal (never rename one). The angles of a view come
 * from its procedure's `ViewStep`, not from the kind.
 */
export type StandardViewId =
  | 'ap'
  | 'ap-squared-endplates'
  | 'ap-cephalad-tilt'
  | 'ap-interlaminar-tilt'
  | 'ipsilateral-oblique'
  | 'contralateral-oblique'
  | 'oblique-caudal-tunnel'
  | 'owls-eye'
  | 'bulls-eye'
  | 'lateral';

/** Generic names of the view kinds (saved proposals, plan-file validation). */
export const STANDARD_VIEW_LABELS: Record<StandardViewId, string> = {
  ap: 'AP (patient prone)',
  'ap-squared-endplates': 'AP with the endplates squared (cranio-caudal tilt)',
  'ap-cephalad-tilt': 'AP with cephalad tilt',
  'ap-interlaminar-tilt': 'AP tilted to open the interlaminar space',
  'ipsilateral-oblique': 'Ipsilateral oblique ("Scotty dog")',
  'contralateral-oblique': 'Contralateral oblique',
  'oblique-caudal-tunnel': 'Ipsilateral oblique with caudal tilt ("tunnel" view along the groove)',
  'owls-eye': 'AP with the pedicles en face ("owl\'s eye")',
  'bulls-eye': "Bull's-eye (beam coaxial with the needle)",
  lateral: 'Lateral (depth)',
};

/**
 * How the needle reaches the target; the direction is target -> entry (outward), the entry goes on the skin.
 * - 'angled': oblique and tilt in `frame` (approachFrame.ts): `obliqueDeg` rotates the outward direction
 *   from straight posterior toward the planned side (negative: toward the other side), `tiltDeg` lifts it
 *   out of the frame's axial plane (+ = entry cranial to the target, - = caudal).
 * - 'pedicle-axis': back along the pedicle axis (transpedicular), from the anterior-third target.
 */
export type ApproachRule =
  | {
      kind: 'angled';
      frame: AngleFrame;
      obliqueDeg: number;
      tiltDeg: number;
      /** The published range the default sits in. */
      obliqueRangeDeg: readonly [number, number];
      tiltRangeDeg: readonly [number, number];
      /**
       * Tilt the C-arm until the interlaminar space opens: with a HU sampler, the tilt within
       * `tiltRangeDeg` whose path crosses the least bone replaces `tiltDeg` (ties: the closest to it).
       */
      openWindow?: boolean;
    }
  | { kind: 'pedicle-axis' };

/** An angle of a view: a number (deg), or 'approach': the planned needle's (else the default approach's). */
export type ViewAngle = number | 'approach';

/**
 * The beam of one view. 'frame': oblique (toward the planned side; negative: contralateral) and tilt in a
 * frame (approachFrame.ts); tilt 0 in the 'endplate' frame is a beam in the endplate plane, so the endplate
 * projects as a line at any oblique: the squaring tilt is kept across the oblique views that follow.
 * 'needle': coaxial with the needle (bull's-eye), on the hub side.
 */
export type ViewBeam =
  | { kind: 'frame'; frame: AngleFrame; obliqueDeg: ViewAngle; tiltDeg: ViewAngle }
  | { kind: 'needle' };

export interface ViewStep {
  /** Unique within the procedure (the C-arm button's test id: carm-preset-<id>). */
  id: string;
  kind: StandardViewId;
  /** Button text, e.g. "Ipsi oblique". */
  label: string;
  /** Sentence for the view list, e.g. 'Ipsilateral oblique ("Scotty dog"), endplate squared'. */
  description: string;
  /** What the operator looks for in this view. */
  hint: string;
  beam: ViewBeam;
}

/** Which kind of level a procedure is planned at: a motion segment 'L4-L5', a vertebra 'L4', or the sacrum. */
export type LevelKind = 'segment' | 'vertebra' | 'sacrum';

/**
 * A point the procedure asks the user to click on patient data, in order. The prompt may name the choice:
 * {side} (left/right), {level} ('L4-L5') and {vertebra} (its upper vertebra, 'L4'); see `clickPrompt`.
 */
export interface ClickStep {
  id: 'target' | 'pedicle';
  prompt: string;
}

/** No-go kinds a needle keeps clear of, with a margin per procedure. */
export type ClearanceKind = 'thecal-sac' | 'nerve-root' | 'vessel';

export interface ProcedureDefinition {
  id: Exclude<ProcedureId, 'other'>;
  name: string;
  levelKind: LevelKind;
  /** Levels the procedure applies to (the demo phantom has T12-S1). */
  levels: readonly string[];
  defaultLevel: string;
  sides: readonly Side[];
  target: TargetLandmark;
  /** A proposed or placed tip within this distance of the landmark counts as "in the target zone". */
  targetZoneRadiusMm: number;
  approach: ApproachRule;
  /** Entry depth when no skin sampler is given (mm from the target). */
  nominalDepthMm: number;
  /** Needle family and gauge (needles.ts id); proposals take the shortest of its family that reaches. */
  needleId: string;
  /** The C-arm views in the usual order of use. */
  viewSteps: readonly ViewStep[];
  /** The view kinds of `viewSteps`, in order (stored with a proposal). */
  views: readonly StandardViewId[];
  /**
   * Clearance the needle shaft (gauge included) must keep to these no-go kinds (mm). A kind the procedure
   * targets on purpose (the thecal sac for a lumbar puncture) is absent.
   */
  clearanceMarginMm: Partial<Record<ClearanceKind, number>>;
  clicks: readonly ClickStep[];
  /** Where the recipe comes from (shown under the template). */
  source: string;
}

/** A click step's prompt for the chosen level and side: 'Click the left L4 pedicle centre'. */
export function clickPrompt(step: ClickStep, level: string, side: Side): string {
  const vertebra = level.trim().toUpperCase().split(/[-/ ]/)[0] ?? level;
  return step.prompt
    .replaceAll('{side} ', side === 'midline' ? '' : `${side} `)
    .replaceAll('{level}', level)
    .replaceAll('{vertebra}', vertebra);
}

const LUMBAR_SEGMENTS = ['T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1'] as const;
const LUMBAR_VERTEBRAE = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
const LEFT_RIGHT: readonly Side[] = ['left', 'right'];
const TARGET_CLICK = (prompt: string): ClickStep => ({ id: 'target', prompt });
/** Aorta and IVC: every needle keeps this far from them (the vertebroplasty tip stops in front of them). */
const VESSEL_MARGIN_MM = 5;

// The building blocks of the view sequences.
const squaredAt = (obliqueDeg: ViewAngle): ViewBeam => ({
  kind: 'frame',
  frame: 'endplate',
  obliqueDeg,
  tiltDeg: 0,
});
const AP: ViewStep = {
  id: 'ap',
  kind: 'ap',
  label: 'AP',
  description: 'AP',
  hint: 'spinous processes midway between the pedicles',
  beam: { kind: 'frame', frame: 'patient', obliqueDeg: 0, tiltDeg: 0 },
};
const AP_SQUARED: ViewStep = {
  id: 'ap-squared',
  kind: 'ap-squared-endplates',
  label: 'AP squared',
  description: 'AP, endplate squared (cranio-caudal tilt)',
  hint: 'superior endplate a single line',
  beam: squaredAt(0),
};
const BULLS_EYE: ViewStep = {
  id: 'bulls-eye',
  kind: 'bulls-eye',
  label: "Bull's-eye",
  description: "Bull's-eye (beam coaxial with the needle)",
  hint: 'needle a dot: advance coaxially',
  beam: { kind: 'needle' },
};
/**
 * The interlaminar route shared by the epidural and the lumbar puncture: midline or paramedian (<= 15 deg),
 * aimed slightly cranial and tilted until the space opens (ISIS Practice Guidelines 2013).
 */
const INTERLAMINAR_APPROACH = {
  kind: 'angled',
  frame: 'endplate',
  obliqueDeg: 0,
  tiltDeg: -10,
  obliqueRangeDeg: [0, 15],
  tiltRangeDeg: [-25, 15],
  openWindow: true,
} as const;

/** Their first view: AP at the needle's cranio-caudal tilt, which opens the interlaminar space. */
const AP_INTERLAMINAR_OPEN = {
  id: 'ap-open',
  kind: 'ap-interlaminar-tilt',
  label: 'AP (space open)',
  description: "AP tilted to the needle's cranio-caudal angle: the interlaminar space open",
  hint: 'interlaminar space opened by the tilt',
  beam: { kind: 'frame', frame: 'endplate', obliqueDeg: 0, tiltDeg: 'approach' },
} as const;

const LATERAL: ViewStep = {
  id: 'lateral',
  kind: 'lateral',
  label: 'Lateral',
  description: 'Lateral (depth)',
  hint: 'depth to the spinal canal',
  beam: { kind: 'frame', frame: 'patient', obliqueDeg: 90, tiltDeg: 0 },
};
const ipsiOblique = (hint: string): ViewStep => ({
  id: 'oblique',
  kind: 'ipsilateral-oblique',
  label: 'Ipsi oblique',
  description: 'Ipsilateral oblique at the needle\'s angle, endplate squared ("Scotty dog")',
  hint,
  beam: squaredAt('approach'),
});
const apFinal = (label: string, hint: string): ViewStep => ({
  ...AP_SQUARED,
  id: 'ap-final',
  label,
  description: `${label}, endplate squared`,
  hint,
});

/** Fills `views` from `viewSteps`. */
const define = (d: Omit<ProcedureDefinition, 'views'>): ProcedureDefinition => ({
  ...d,
  views: d.viewSteps.map((s) => s.kind),
});

/**
 * The table. Approach angles are defaults inside the published ranges, chosen so that on the demo phantom
 * every procedure at every level it offers clears the thecal sac, the nerve roots and the great vessels by
 * its margin (test/unit/templates-every-level.test.ts).
 */
export const PROCEDURES: readonly ProcedureDefinition[] = [
  define({
    // Subpedicular ("safe triangle") TFESI: Bogduk (ed.), Practice Guidelines for Spinal Diagnostic and
    // Treatment Procedures, ISIS 2nd ed. 2013, lumbar transforaminal injection: AP, squared endplates,
    // ipsilateral oblique 20-45 deg until the SAP sits under the pedicle, coaxial advance, lateral for
    // depth, AP for the medial limit.
    id: 'tfesi',
    name: 'Transforaminal epidural (subpedicular)',
    levelKind: 'segment',
    levels: LUMBAR_SEGMENTS,
    defaultLevel: 'L4-L5',
    sides: LEFT_RIGHT,
    target: 'safe-triangle',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 30,
      tiltDeg: 0,
      obliqueRangeDeg: [20, 45],
      tiltRangeDeg: [-10, 10],
    },
    nominalDepthMm: 70,
    needleId: 'spinal-22g-88.9',
    viewSteps: [
      AP,
      AP_SQUARED,
      ipsiOblique('SAP under the pedicle ("Scotty dog")'),
      BULLS_EYE,
      LATERAL,
      apFinal('AP (medial limit)', "tip not medial to the 6 o'clock of the pedicle"),
    ],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1, vessel: VESSEL_MARGIN_MM },
    clicks: [
      { id: 'pedicle', prompt: 'Click the {side} {vertebra} pedicle centre' },
      TARGET_CLICK(
        'Click the {side} {level} foramen target (safe triangle): below that pedicle, above and lateral to the exiting root',
      ),
    ],
    source: 'ISIS Practice Guidelines, 2nd ed. 2013 (Bogduk)',
  }),
  define({
    // Retrodiscal / Kambin's triangle approach: Park et al., Pain Physician 2013;16:E1-E8 (retrodiscal vs
    // subpedicular); more lateral oblique, tip over the posterolateral disc below the exiting root.
    id: 'tfesi-retrodiscal',
    name: 'Transforaminal epidural (retrodiscal, Kambin)',
    levelKind: 'segment',
    levels: LUMBAR_SEGMENTS.slice(1),
    defaultLevel: 'L4-L5',
    sides: LEFT_RIGHT,
    target: 'kambin-triangle',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 35,
      tiltDeg: 0,
      obliqueRangeDeg: [25, 45],
      tiltRangeDeg: [-10, 10],
    },
    nominalDepthMm: 80,
    needleId: 'spinal-22g-88.9',
    viewSteps: [
      AP,
      AP_SQUARED,
      ipsiOblique('SAP tip over the mid-disc (Kambin)'),
      BULLS_EYE,
      LATERAL,
      apFinal('AP (check)', 'tip over the disc, lateral to the midline of the pedicles'),
    ],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1, vessel: VESSEL_MARGIN_MM },
    clicks: [
      TARGET_CLICK(
        "Click the {side} {level} Kambin's triangle: over the posterolateral disc, below the exiting root",
      ),
    ],
    source: 'Park et al., Pain Physician 2013',
  }),
  define({
    // S1 transforaminal: ISIS Practice Guidelines 2013; cephalad tilt to square S1, slight ipsilateral
    // oblique to line up the dorsal and ventral S1 foramina.
    id: 's1-tfesi',
    name: 'S1 transforaminal epidural',
    levelKind: 'sacrum',
    levels: ['S1'],
    defaultLevel: 'S1',
    sides: LEFT_RIGHT,
    target: 's1-dorsal-foramen',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'patient',
      obliqueDeg: 10,
      tiltDeg: 15,
      obliqueRangeDeg: [0, 20],
      tiltRangeDeg: [5, 25],
    },
    nominalDepthMm: 60,
    needleId: 'spinal-22g-88.9',
    viewSteps: [
      AP,
      {
        ...AP_SQUARED,
        kind: 'ap-cephalad-tilt',
        label: 'AP cephalad (S1 squared)',
        description: 'AP with cephalad tilt, S1 endplate squared',
        hint: 'S1 endplate a line',
      },
      {
        id: 'oblique',
        kind: 'ipsilateral-oblique',
        label: 'Slight ipsi oblique',
        description: "Slight ipsilateral oblique with cephalad tilt, at the needle's angles",
        hint: 'dorsal and ventral S1 foramina aligned',
        beam: { kind: 'frame', frame: 'patient', obliqueDeg: 'approach', tiltDeg: 'approach' },
      },
      BULLS_EYE,
      LATERAL,
      { ...AP, id: 'ap-final', label: 'AP (check)', description: 'AP', hint: 'tip at the S1 foramen' },
    ],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1, vessel: VESSEL_MARGIN_MM },
    clicks: [TARGET_CLICK('Click the superolateral edge of the {side} dorsal S1 foramen')],
    source: 'ISIS Practice Guidelines, 2nd ed. 2013',
  }),
  define({
    // Medial branch block: the "eye of the Scotty dog", the SAP-TP junction (Dreyfuss et al., Spine
    // 1997;22:895-902; ISIS 2013). The level names the vertebra whose SAP-TP junction is targeted (the
    // medial branch of the level above crosses it).
    id: 'medial-branch-block',
    name: 'Medial branch block',
    levelKind: 'vertebra',
    levels: LUMBAR_VERTEBRAE,
    defaultLevel: 'L4',
    sides: LEFT_RIGHT,
    target: 'sap-tp-junction',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 20,
      tiltDeg: 0,
      obliqueRangeDeg: [10, 30],
      tiltRangeDeg: [-10, 10],
    },
    nominalDepthMm: 60,
    needleId: 'spinal-22g-88.9',
    viewSteps: [AP_SQUARED, ipsiOblique('eye of the Scotty dog (SAP-TP junction)'), BULLS_EYE, LATERAL],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 3, vessel: VESSEL_MARGIN_MM },
    clicks: [
      TARGET_CLICK('Click the {side} {vertebra} junction of the superior articular and transverse processes'),
    ],
    source: 'Dreyfuss et al., Spine 1997; ISIS Practice Guidelines 2013',
  }),
  define({
    // Medial branch RFA, parallel placement: Lau, Mercer, Govind, Bogduk, Pain Med 2004;5:289-98
    // (cannula parallel to the nerve in the SAP-TP groove; measured angles ~29-47 deg lateral to the
    // parasagittal plane and ~33-49 deg caudal). Entry caudal and lateral to the target. The "tunnel" view
    // looks down the cannula: it is the cannula's bull's-eye.
    id: 'medial-branch-rfa',
    name: 'Medial branch radiofrequency ablation',
    levelKind: 'vertebra',
    levels: LUMBAR_VERTEBRAE,
    defaultLevel: 'L4',
    sides: LEFT_RIGHT,
    target: 'sap-tp-junction',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 35,
      tiltDeg: -35,
      obliqueRangeDeg: [29, 47],
      tiltRangeDeg: [-49, -33],
    },
    nominalDepthMm: 80,
    needleId: 'rf-cannula-20g-100-10tip',
    viewSteps: [
      AP_SQUARED,
      {
        id: 'tunnel',
        kind: 'oblique-caudal-tunnel',
        label: 'Tunnel (oblique + caudal)',
        description: 'Ipsilateral oblique with caudal tilt at the cannula\'s angles ("tunnel" view)',
        hint: 'cannula a dot, parallel to the nerve in the SAP-TP groove',
        beam: { kind: 'frame', frame: 'endplate', obliqueDeg: 'approach', tiltDeg: 'approach' },
      },
      LATERAL,
    ],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 3, vessel: VESSEL_MARGIN_MM },
    clicks: [TARGET_CLICK('Click the {side} {vertebra} SAP-TP groove where the medial branch runs')],
    source: 'Lau et al., Pain Med 2004',
  }),
  define({
    // SI joint: inferior 1-2 cm of the joint, posterior approach; cephalad 10-25 deg then 10-20 deg
    // contralateral oblique until the posterior joint line is lucent (Dussault et al., Radiology
    // 2000;214:273-7). Contralateral: entry medial to the target.
    id: 'sacroiliac',
    name: 'Sacroiliac joint',
    levelKind: 'sacrum',
    levels: ['SI'],
    defaultLevel: 'SI',
    sides: LEFT_RIGHT,
    target: 'si-joint-lower-third',
    targetZoneRadiusMm: 4,
    approach: {
      kind: 'angled',
      frame: 'patient',
      obliqueDeg: -15,
      tiltDeg: 15,
      obliqueRangeDeg: [-20, -10],
      tiltRangeDeg: [10, 25],
    },
    nominalDepthMm: 60,
    needleId: 'spinal-22g-88.9',
    viewSteps: [
      AP,
      {
        id: 'cephalad',
        kind: 'ap-cephalad-tilt',
        label: 'Cephalad',
        description: "AP with cephalad tilt (the needle's)",
        hint: 'inferior joint opened',
        beam: { kind: 'frame', frame: 'patient', obliqueDeg: 0, tiltDeg: 'approach' },
      },
      {
        id: 'contra-oblique',
        kind: 'contralateral-oblique',
        label: 'Contra oblique',
        description: "Contralateral oblique with the same cephalad tilt, at the needle's angles",
        hint: 'posterior joint line lucent',
        beam: { kind: 'frame', frame: 'patient', obliqueDeg: 'approach', tiltDeg: 'approach' },
      },
      BULLS_EYE,
      LATERAL,
    ],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 2, vessel: VESSEL_MARGIN_MM },
    clicks: [
      TARGET_CLICK('Click the {side} SI joint: posterior joint line in its inferior third (lowest 1-2 cm)'),
    ],
    source: 'Dussault et al., Radiology 2000',
  }),
  define({
    // Transpedicular vertebroplasty: down the pedicle axis on the bull's-eye ("owl's eye" AP first), tip
    // in the anterior third of the body, clear of the anterior cortex (Jensen et al., AJNR
    // 1997;18:1897-904); the aorta and IVC lie just in front of the body.
    id: 'vertebroplasty',
    name: 'Vertebroplasty / kyphoplasty (transpedicular)',
    levelKind: 'vertebra',
    levels: LUMBAR_VERTEBRAE,
    defaultLevel: 'L4',
    sides: LEFT_RIGHT,
    target: 'vertebral-body-anterior-third',
    // A unipedicular needle reaches the midline aim point only as near as the pedicle axis allows; the
    // anterior third of a lumbar body is ~11 mm deep and ~45 mm wide.
    targetZoneRadiusMm: 10,
    approach: { kind: 'pedicle-axis' },
    nominalDepthMm: 100,
    needleId: 'bone-11g-100',
    viewSteps: [
      {
        ...AP_SQUARED,
        id: 'owls-eye',
        kind: 'owls-eye',
        label: "AP (owl's eye)",
        description: 'AP with the pedicles en face ("owl\'s eye"), endplates squared',
        hint: 'pedicles en face, endplates squared',
      },
      { ...BULLS_EYE, hint: 'down the pedicle' },
      LATERAL,
      apFinal('AP (check)', 'tip not across the midline, medial pedicle wall intact'),
    ],
    clearanceMarginMm: { 'thecal-sac': 1, 'nerve-root': 1, vessel: VESSEL_MARGIN_MM },
    clicks: [
      { id: 'pedicle', prompt: 'Click the {side} {vertebra} pedicle centre (its narrowest part)' },
      TARGET_CLICK('Click the {vertebra} body target: its anterior third, near the midline'),
    ],
    source: 'Jensen et al., AJNR 1997',
  }),
  define({
    // Interlaminar epidural: AP with cranio-caudal tilt to open the interlaminar space, needle cranially
    // angled (entry caudal), midline or paramedian; loss of resistance in the posterior epidural space
    // (ISIS 2013). Depth on a contralateral oblique of ~50 deg (Gill et al., Pain Med 2016) or a lateral.
    // The tip stops in the epidural fat, short of the dura.
    id: 'interlaminar-epidural',
    name: 'Interlaminar epidural',
    levelKind: 'segment',
    levels: LUMBAR_SEGMENTS,
    defaultLevel: 'L4-L5',
    sides: ['midline', 'left', 'right'],
    target: 'interlaminar-window',
    targetZoneRadiusMm: 3,
    approach: INTERLAMINAR_APPROACH,
    nominalDepthMm: 60,
    needleId: 'tuohy-18g-88.9',
    viewSteps: [
      AP_INTERLAMINAR_OPEN,
      BULLS_EYE,
      {
        id: 'contra-oblique',
        kind: 'contralateral-oblique',
        label: 'Contra oblique',
        description: 'Contralateral oblique 50 deg, same tilt',
        hint: 'depth along the ventral interlaminar line',
        beam: { kind: 'frame', frame: 'endplate', obliqueDeg: -50, tiltDeg: 'approach' },
      },
      LATERAL,
    ],
    clearanceMarginMm: { 'thecal-sac': 0.5, 'nerve-root': 2, vessel: VESSEL_MARGIN_MM },
    clicks: [TARGET_CLICK('Click the {level} interlaminar window: the posterior epidural space')],
    source: 'ISIS Practice Guidelines 2013; Gill et al., Pain Med 2016',
  }),
  define({
    // Lumbar puncture: the same interlaminar route, continued into the thecal sac (which is the target,
    // so only the roots are kept clear); L2-L3 to L5-S1, below the conus medullaris, which ends at L1-L2 in
    // most adults (Saifuddin et al., Spine 1998;23:1452-6).
    id: 'lumbar-puncture',
    name: 'Lumbar puncture',
    levelKind: 'segment',
    levels: ['L2-L3', 'L3-L4', 'L4-L5', 'L5-S1'],
    defaultLevel: 'L4-L5',
    sides: ['midline', 'left', 'right'],
    target: 'thecal-sac',
    targetZoneRadiusMm: 4,
    approach: INTERLAMINAR_APPROACH,
    nominalDepthMm: 70,
    needleId: 'spinal-22g-88.9',
    viewSteps: [AP_INTERLAMINAR_OPEN, BULLS_EYE, LATERAL],
    clearanceMarginMm: { 'nerve-root': 2, vessel: VESSEL_MARGIN_MM },
    clicks: [TARGET_CLICK('Click inside the thecal sac at {level}, in line with the interlaminar window')],
    source: 'ISIS Practice Guidelines 2013; Saifuddin et al., Spine 1998 (conus level)',
  }),
];

const BY_ID = new Map(PROCEDURES.map((p) => [p.id, p]));

export const findProcedure = (id: ProcedureId): ProcedureDefinition | undefined =>
  BY_ID.get(id as ProcedureDefinition['id']);
