import type { ProcedureId, Side } from './trajectory';

/**
 * Procedure templates (issue 7): what each procedure of domain.md section 5 targets, how the needle
 * approaches it, which needle is usual and the C-arm view sequence. `proposal.ts` turns a template into
 * a target and a skin entry, from the demo's ground truth or from the user's clicks.
 */

/** Where a template's target comes from in the ground truth (phantom/truth.ts names these landmarks). */
export type TargetLandmark =
  | 'safe-triangle'
  | 'kambin-triangle'
  | 's1-dorsal-foramen'
  | 'sap-tp-junction'
  | 'si-joint-lower-third'
  | 'vertebral-body-anterior-third'
  | 'interlaminar-window'
  | 'thecal-sac';

/** Names of the C-arm presets a template's view sequence uses (the scene's C-arm presets implement them). */
export type StandardViewId =
  | 'ap'
  | 'ap-squared-endplates'
  | 'ap-cephalad-tilt'
  | 'ipsilateral-oblique'
  | 'contralateral-oblique'
  | 'oblique-caudal-tunnel'
  | 'owls-eye'
  | 'bulls-eye'
  | 'lateral';

export const STANDARD_VIEW_LABELS: Record<StandardViewId, string> = {
  ap: 'AP (PA beam, patient prone)',
  'ap-squared-endplates': 'AP with the endplates squared (cranio-caudal tilt)',
  'ap-cephalad-tilt': 'AP with cephalad tilt',
  'ipsilateral-oblique': 'Ipsilateral oblique ("Scotty dog")',
  'contralateral-oblique': 'Contralateral oblique',
  'oblique-caudal-tunnel': 'Ipsilateral oblique with caudal tilt ("tunnel" view along the groove)',
  'owls-eye': 'AP with the pedicles en face ("owl\'s eye")',
  'bulls-eye': "Bull's-eye (beam coaxial with the needle)",
  lateral: 'Lateral (depth)',
};

/**
 * How the needle reaches the target; the direction is target -> entry (outward), the entry goes on the skin.
 * - 'angled': the beam-coaxial approach of the template's oblique view. `obliqueDeg` rotates the outward
 *   direction from straight posterior toward the planned side (negative: toward the other side);
 *   `tiltDeg` then lifts it out of the axial plane (+ = entry cranial to the target, - = caudal), as
 *   carm.ts detectorDirection does. `frame: 'endplate'` measures tilt from the level's squared endplate
 *   (its superior endplate normal is "up"), `'patient'` from the patient's axial plane.
 * - 'pedicle-axis': back along the pedicle axis (transpedicular), from the anterior-third target.
 */
export type ApproachRule =
  | {
      kind: 'angled';
      frame: 'endplate' | 'patient';
      obliqueDeg: number;
      tiltDeg: number;
      /** The published range the default sits in (for the note and the UI's slider). */
      obliqueRangeDeg: readonly [number, number];
      tiltRangeDeg: readonly [number, number];
      /**
       * Tilt the C-arm until the interlaminar space opens: with a HU sampler, the tilt within
       * `tiltRangeDeg` whose path crosses the least bone replaces `tiltDeg` (ties: the closest to it).
       */
      openWindow?: boolean;
    }
  | { kind: 'pedicle-axis' };

/** Which kind of level a template is planned at: a motion segment 'L4-L5', a vertebra 'L4', or the sacrum. */
export type LevelKind = 'segment' | 'vertebra' | 'sacrum';

/**
 * A point the template asks the user to click on patient data, in order. The prompt may name the choice:
 * {side} (left/right), {level} ('L4-L5') and {vertebra} (its upper vertebra, 'L4'); see `clickPrompt`.
 */
export interface ClickStep {
  id: 'target' | 'pedicle';
  prompt: string;
}

/** A click step's prompt for the chosen level and side: 'Click the left L4 pedicle centre'. */
export function clickPrompt(step: ClickStep, level: string, side: Side): string {
  const vertebra = level.trim().toUpperCase().split(/[-/ ]/)[0] ?? level;
  return step.prompt
    .replaceAll('{side} ', side === 'midline' ? '' : `${side} `)
    .replaceAll('{level}', level)
    .replaceAll('{vertebra}', vertebra);
}

export interface ProcedureTemplate {
  id: Exclude<ProcedureId, 'other'>;
  name: string;
  levelKind: LevelKind;
  /** Levels the template applies to (the demo phantom has T12-S1). */
  levels: readonly string[];
  defaultLevel: string;
  sides: readonly Side[];
  target: TargetLandmark;
  /** A proposed or placed tip within this distance of the landmark counts as "in the target zone". */
  targetZoneRadiusMm: number;
  approach: ApproachRule;
  /** Entry depth when no skin sampler is given (mm from the target). */
  nominalDepthMm: number;
  /** Preferred needle (needles.ts id); proposals lengthen it within its family when the path needs it. */
  needleId: string;
  views: readonly StandardViewId[];
  /**
   * Clearance the needle shaft (gauge included) must keep to these no-go kinds (mm). A kind the template
   * targets on purpose (the thecal sac for a lumbar puncture) is absent.
   */
  clearanceMarginMm: Partial<Record<'thecal-sac' | 'nerve-root', number>>;
  clicks: readonly ClickStep[];
  /** Where the recipe comes from. */
  source: string;
}

const LUMBAR_SEGMENTS = ['T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1'] as const;
const LUMBAR_VERTEBRAE = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
const LEFT_RIGHT: readonly Side[] = ['left', 'right'];
const TARGET_CLICK = (prompt: string): ClickStep => ({ id: 'target', prompt });

/**
 * The table. Angles are defaults inside the published ranges, chosen so that on the demo phantom every
 * template at L4-L5 (L4 / S1 where it applies) clears the thecal sac and the nerve roots by its margin
 * (test/unit/templates-phantom.test.ts).
 */
export const PROCEDURE_TEMPLATES: readonly ProcedureTemplate[] = [
  {
    // Subpedicular ("safe triangle") TFESI: Bogduk, Practice Guidelines for Spinal Diagnostic and
    // Treatment Procedures (ISIS, 2nd ed. 2013), lumbar transforaminal injection; oblique 20-45 deg until
    // the SAP sits under the pedicle, coaxial advance (domain.md s.5).
    id: 'tfesi',
    name: 'Transforaminal epidural (subpedicular)',
    levelKind: 'segment',
    levels: LUMBAR_SEGMENTS.slice(0, 5),
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
    views: ['ap', 'ap-squared-endplates', 'ipsilateral-oblique', 'bulls-eye', 'lateral', 'ap'],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1 },
    clicks: [
      { id: 'pedicle', prompt: 'Click the {side} {vertebra} pedicle centre' },
      TARGET_CLICK(
        'Click the {side} {level} foramen target (safe triangle): below that pedicle, above and lateral to the exiting root',
      ),
    ],
    source: 'ISIS Practice Guidelines 2013 (Bogduk); domain.md s.5',
  },
  {
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
    views: ['ap', 'ap-squared-endplates', 'ipsilateral-oblique', 'bulls-eye', 'lateral', 'ap'],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1 },
    clicks: [
      TARGET_CLICK(
        "Click the {side} {level} Kambin's triangle: over the posterolateral disc, below the exiting root",
      ),
    ],
    source: 'Park et al., Pain Physician 2013; domain.md s.5',
  },
  {
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
    views: ['ap', 'ap-cephalad-tilt', 'ipsilateral-oblique', 'bulls-eye', 'lateral', 'ap'],
    clearanceMarginMm: { 'thecal-sac': 2, 'nerve-root': 1 },
    clicks: [TARGET_CLICK('Click the superolateral edge of the {side} dorsal S1 foramen')],
    source: 'ISIS Practice Guidelines 2013; domain.md s.5',
  },
  {
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
    views: ['ap-squared-endplates', 'ipsilateral-oblique', 'bulls-eye', 'lateral'],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 3 },
    clicks: [
      TARGET_CLICK('Click the {side} {vertebra} junction of the superior articular and transverse processes'),
    ],
    source: 'Dreyfuss et al., Spine 1997; ISIS 2013; domain.md s.5',
  },
  {
    // Medial branch RFA, parallel placement: Lau, Mercer, Govind, Bogduk, Pain Med 2004;5:289-98
    // (cannula parallel to the nerve in the SAP-TP groove); measured angles ~29-47 deg lateral to the
    // parasagittal plane and ~33-49 deg caudal (domain.md s.5). Entry caudal and lateral to the target.
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
    views: ['ap-squared-endplates', 'oblique-caudal-tunnel', 'bulls-eye', 'lateral'],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 3 },
    clicks: [TARGET_CLICK('Click the {side} {vertebra} SAP-TP groove where the medial branch runs')],
    source: 'Lau et al., Pain Med 2004; domain.md s.5',
  },
  {
    // SI joint: inferior 1-2 cm of the joint, posterior approach; cephalad 10-25 deg then 10-20 deg
    // contralateral oblique until the posterior joint line is lucent (Dussault et al., Radiology
    // 2000;214:273-7; domain.md s.5). Contralateral: entry medial to the target.
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
    views: ['ap', 'ap-cephalad-tilt', 'contralateral-oblique', 'bulls-eye', 'lateral'],
    clearanceMarginMm: { 'thecal-sac': 5, 'nerve-root': 2 },
    clicks: [
      TARGET_CLICK('Click the {side} SI joint: posterior joint line in its inferior third (lowest 1-2 cm)'),
    ],
    source: 'Dussault et al., Radiology 2000; domain.md s.5',
  },
  {
    // Transpedicular vertebroplasty: down the pedicle axis on the bull's-eye ("owl's eye" AP first), tip
    // in the anterior third of the body near the midline (Jensen et al., AJNR 1997;18:1897-904;
    // domain.md s.5).
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
    views: ['owls-eye', 'bulls-eye', 'lateral', 'ap'],
    clearanceMarginMm: { 'thecal-sac': 1, 'nerve-root': 1 },
    clicks: [
      { id: 'pedicle', prompt: 'Click the {side} {vertebra} pedicle centre (its narrowest part)' },
      TARGET_CLICK('Click the {vertebra} body target: its anterior third, near the midline'),
    ],
    source: 'Jensen et al., AJNR 1997; domain.md s.5',
  },
  {
    // Interlaminar epidural: AP with cranio-caudal tilt to open the interlaminar space, needle cranially
    // angled (entry caudal), midline or paramedian; loss of resistance in the posterior epidural space
    // (ISIS 2013; domain.md s.5). The tip stops in the epidural fat, short of the dura.
    id: 'interlaminar-epidural',
    name: 'Interlaminar epidural',
    levelKind: 'segment',
    levels: LUMBAR_SEGMENTS,
    defaultLevel: 'L4-L5',
    sides: ['midline', 'left', 'right'],
    target: 'interlaminar-window',
    targetZoneRadiusMm: 3,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 0,
      tiltDeg: -10,
      obliqueRangeDeg: [0, 15],
      tiltRangeDeg: [-25, 15],
      openWindow: true,
    },
    nominalDepthMm: 60,
    needleId: 'tuohy-18g-88.9',
    views: ['ap-squared-endplates', 'bulls-eye', 'contralateral-oblique', 'lateral'],
    clearanceMarginMm: { 'thecal-sac': 0.5, 'nerve-root': 2 },
    clicks: [TARGET_CLICK('Click the {level} interlaminar window: the posterior epidural space')],
    source: 'ISIS Practice Guidelines 2013; domain.md s.5',
  },
  {
    // Lumbar puncture: the same interlaminar route, continued into the thecal sac (which is the target,
    // so only the roots are kept clear); L3-L4 or L4-L5, below the conus.
    id: 'lumbar-puncture',
    name: 'Lumbar puncture',
    levelKind: 'segment',
    levels: ['L2-L3', 'L3-L4', 'L4-L5', 'L5-S1'],
    defaultLevel: 'L4-L5',
    sides: ['midline', 'left', 'right'],
    target: 'thecal-sac',
    targetZoneRadiusMm: 4,
    approach: {
      kind: 'angled',
      frame: 'endplate',
      obliqueDeg: 0,
      tiltDeg: -10,
      obliqueRangeDeg: [0, 15],
      tiltRangeDeg: [-25, 15],
      openWindow: true,
    },
    nominalDepthMm: 70,
    needleId: 'spinal-22g-88.9',
    views: ['ap-squared-endplates', 'bulls-eye', 'lateral'],
    clearanceMarginMm: { 'nerve-root': 2 },
    clicks: [TARGET_CLICK('Click inside the thecal sac at {level}, in line with the interlaminar window')],
    source: 'domain.md s.5',
  },
];

const BY_ID = new Map(PROCEDURE_TEMPLATES.map((t) => [t.id, t]));

export const findTemplate = (id: ProcedureId): ProcedureTemplate | undefined =>
  BY_ID.get(id as ProcedureTemplate['id']);
