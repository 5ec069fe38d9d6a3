/**
 * The coded concepts of the plan SR (planToSrContent.ts, planFromSrContent.ts). Standard codes come from
 * PS3.16 (DCM: Annex D; SCT: SNOMED CT as DICOM lists it; UCUM units; LN: LOINC); concepts with no standard
 * code use the local scheme 99SPINEPLAN, declared in the document's Coding Scheme Identification Sequence
 * (PS3.3 C.12.1.1.4; PS3.16 8.1: a "99" prefix marks a private scheme).
 */
import type { Code } from '../dicom/sr/contentTree';
import type { PrivateCodingScheme } from '../dicom/write/comprehensive3dSr';
import type { NoGoShape } from '../planning/clearance';
import type { StandardViewId } from '../planning/procedures';
import type { ReviewEventKind, ReviewStatus } from '../planning/review';
import type { ProcedureId, ProposalRecord, Side } from '../planning/trajectory';

export const SPINEPLAN_SCHEME = '99SPINEPLAN';
export const SPINEPLAN_CODING_SCHEME: PrivateCodingScheme = {
  designator: SPINEPLAN_SCHEME,
  name: 'Spineplan needle planning concepts (local)',
  responsibleOrganization: 'Spineplan',
};

const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });
/** A concept of the local scheme 99SPINEPLAN. */
export const localCode = (value: string, meaning: string): Code => ({
  value,
  scheme: SPINEPLAN_SCHEME,
  meaning,
});
const own = localCode;
const ucum = (value: string, meaning: string): Code => ({ value, scheme: 'UCUM', meaning });

/** TID 1500 Measurement Report and its parts (PS3.16 A TID 1500, 1501, 1600, 1204, 1002). */
export const C = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  language: dcm('121049', 'Language of Content Item and Descendants'),
  englishUs: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' } as Code,
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  procedureReported: dcm('121058', 'Procedure reported'),
  /** PS3.16 CID 100 (LOINC). */
  ctUnspecifiedBodyRegion: { value: '25045-6', scheme: 'LN', meaning: 'CT unspecified body region' } as Code,
  mrUnspecifiedBodyRegion: { value: '25056-3', scheme: 'LN', meaning: 'MRI unspecified body region' } as Code,
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  modality: dcm('121139', 'Modality'),
  frameOfReferenceUid: dcm('112227', 'Frame of Reference UID'),
  studyInstanceUid: dcm('110180', 'Study Instance UID'),
  seriesInstanceUid: dcm('112002', 'Series Instance UID'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  findingSite: sct('363698007', 'Finding Site'),
  laterality: sct('272741003', 'Laterality'),
  procedureCode: dcm('121023', 'Procedure Code'),
  imageRegion: dcm('111030', 'Image Region'),
  comment: dcm('121106', 'Comment'),
  // Measurements (TID 300).
  length: sct('410668003', 'Length'),
  distance: dcm('121206', 'Distance'),
  angle: sct('1483009', 'Angle'),
  mean: sct('373098007', 'Mean'),
  standardDeviation: sct('386136009', 'Standard Deviation'),
  minimum: sct('255605001', 'Minimum'),
  maximum: sct('56851009', 'Maximum'),
  area: sct('42798000', 'Area'),
  radius: sct('131190003', 'Radius'),
  needle: sct('79068005', 'Needle'),
  vertebra: sct('51282000', 'Vertebra'),
  // Patient position (PS3.16 CID 20) and yes/no (CID 230).
  prone: sct('1240000', 'Prone'),
  supine: sct('40199007', 'Supine'),
  yes: sct('373066001', 'Yes'),
  no: sct('373067005', 'No'),
  // Local concepts: what no standard code names.
  plannedTrajectory: own('TRAJECTORY', 'Planned needle trajectory'),
  needlePath: own('NEEDLE-PATH', 'Needle path: skin entry, then target'),
  trajectoryId: own('TRAJECTORY-ID', 'Spineplan trajectory id'),
  measurementId: own('MEASUREMENT-ID', 'Spineplan measurement id'),
  displayColour: own('COLOUR', 'Display colour (#rrggbb)'),
  vertebralLevel: own('LEVEL', 'Vertebral level or segment'),
  needleCatalogueId: own('NEEDLE-ID', 'Spineplan needle catalogue id'),
  needleGauge: own('NEEDLE-GAUGE', 'Needle gauge'),
  needleLength: own('NEEDLE-LENGTH', 'Needle length (hub to tip)'),
  needleLongEnough: own('NEEDLE-REACHES', 'Needle long enough (with hub and skin allowance)'),
  angleTowardLeft: own('ANGLE-ML', 'Medio-lateral angle from sagittal plane (+ = tip toward left)'),
  angleMedial: own('ANGLE-MEDIAL', 'Medial angle from the sagittal plane (+ = tip toward midline)'),
  angleCraniocaudal: own('ANGLE-CC', 'Cranio-caudal angle from the axial plane (+ = tip cranial)'),
  angleFromAp: own('ANGLE-AP', 'Angle from the anterior-posterior axis'),
  angleToEndplate: own('ANGLE-ENDPLATE', 'Angle to the endplate plane of the level'),
  craniocaudalToEndplate: own('ANGLE-CC-EP', 'Cranio-caudal angle to the endplate (+ = tip cranial)'),
  carmRecipe: own('CARM', 'C-arm recipe'),
  carmConvention: own('CARM-CONVENTION', 'C-arm angle convention'),
  patientPosition: own('PATIENT-POSITION', 'Patient position on the table'),
  bullsEyeView: own('VIEW-BULLSEYE', "Bull's-eye view (beam coaxial with the needle)"),
  progressionView: own('VIEW-PROGRESSION', 'Progression view (beam perpendicular to the needle)'),
  lateralView: own('VIEW-LATERAL', 'Lateral view'),
  obliqueAngle: own('CARM-OBLIQUE', 'C-arm oblique (LAO +, RAO -)'),
  tiltAngle: own('CARM-TILT', 'C-arm tilt (CRAN +, CAUD -)'),
  primaryAngle: own('CARM-PRIMARY', 'Positioner Primary Angle (PS3.3 C.8.7.5)'),
  secondaryAngle: own('CARM-SECONDARY', 'Positioner Secondary Angle (PS3.3 C.8.7.5)'),
  angleToNeedle: own('CARM-TO-NEEDLE', 'Angle between beam and needle'),
  viewWords: own('CARM-WORDS', 'View in words'),
  viewProblem: own('CARM-PROBLEM', 'Why no C-arm can take this view'),
  proposal: own('PROPOSAL', 'Template proposal - check it'),
  proposalSource: own('PROPOSAL-SOURCE', 'Proposal made from'),
  proposalNote: own('PROPOSAL-NOTE', 'Proposal note'),
  proposalRemark: own('PROPOSAL-REMARK', 'Proposal remark'),
  proposalEntryOnSkin: own('ENTRY-ON-SKIN', 'Entry point found on the skin'),
  proposalView: own('PROPOSAL-VIEW', 'C-arm view of the sequence'),
  noGoStructure: own('NO-GO', 'No-go structure'),
  noGoId: own('NO-GO-ID', 'Spineplan no-go structure id'),
  noGoShape: own('NO-GO-SHAPE', 'No-go structure shape'),
  margin: own('MARGIN', 'Margin to keep'),
  planSettings: own('PLAN', 'Spineplan plan'),
  caseKey: own('CASE-KEY', 'Spineplan case key'),
  clearanceWarning: own('CLEARANCE-WARN', 'Clearance warning distance'),
  planCreated: own('PLAN-CREATED', 'Plan created'),
  paintedNoGo: own('PAINTED-NO-GO', 'Painted no-go region, stored in the Segmentation'),
  planUpdated: own('PLAN-UPDATED', 'Plan last edited'),
  // Review and sign-off (review.ts). The sign-off of an approved plan is also in the document header
  // (Verification Flag VERIFIED, Verifying Observer Sequence, PS3.3 C.17.2), where other systems look.
  review: own('REVIEW', 'Plan review and sign-off'),
  planId: own('PLAN-ID', 'Spineplan plan identity'),
  planVersion: own('PLAN-VERSION', 'Plan version'),
  reviewStatus: own('REVIEW-STATUS', 'Review status'),
  reviewedVersion: own('REVIEWED-VERSION', 'Version last submitted or reviewed'),
  reviewComment: own('REVIEW-COMMENT', 'Review comment'),
  commentId: own('COMMENT-ID', 'Spineplan comment id'),
  reviewAuthor: own('REVIEW-BY', 'Name of the person (as typed)'),
  /** TID 1003 Person Observer Identifying Attributes' organization concept. */
  reviewOrganization: dcm('121009', "Person Observer's Organization Name"),
  reviewTime: own('REVIEW-TIME', 'Date and time'),
  commentPin: own('COMMENT-PIN', 'Point the comment is pinned to'),
  reviewEvent: own('REVIEW-EVENT', 'Review history event'),
  reviewEventKind: own('EVENT-KIND', 'What happened'),
  reviewNote: own('REVIEW-NOTE', 'Note'),
  reviewChange: own('REVIEW-CHANGE', 'Change since the reviewed version'),
} as const;

/** The review statuses (review.ts ReviewStatus) as local codes. */
export const REVIEW_STATUS_CODES: Record<ReviewStatus, Code> = {
  draft: own('STATUS-DRAFT', 'Draft'),
  ready: own('STATUS-READY', 'Ready for review'),
  approved: own('STATUS-APPROVED', 'Approved'),
  'changes-requested': own('STATUS-CHANGES', 'Changes requested'),
};

/** The review history events (review.ts ReviewEventKind) as local codes. */
export const REVIEW_EVENT_CODES: Record<ReviewEventKind, Code> = {
  submitted: own('EVENT-SUBMITTED', 'Submitted for review'),
  approved: own('EVENT-APPROVED', 'Approved'),
  'changes-requested': own('EVENT-CHANGES', 'Changes requested'),
  'returned-to-draft': own('EVENT-TO-DRAFT', 'Returned to draft by an edit'),
  commented: own('EVENT-COMMENTED', 'Commented'),
  'review-merged': own('EVENT-MERGED', 'Review merged from a bundle'),
};

export const UNITS = {
  mm: ucum('mm', 'millimeter'),
  mm2: ucum('mm2', 'square millimeter'),
  deg: ucum('deg', 'degree'),
  hu: ucum("[hnsf'U]", 'Hounsfield unit'),
  gauge: ucum('{gauge}', 'gauge'),
  /** PS3.16 CID 7181-style dimensionless count (UCUM '1'). */
  none: ucum('1', 'no units'),
} as const;

/** Laterality (PS3.16 CID 244; 'Median' for a midline needle). */
export const SIDE_CODES: Record<Side, Code> = {
  left: sct('7771000', 'Left'),
  right: sct('24028007', 'Right'),
  midline: sct('260528009', 'Median'),
};

/** Procedures: no SNOMED CT code in PS3.16 names these injections precisely, so local codes. */
export const PROCEDURE_CODE_VALUES: Record<ProcedureId, string> = {
  tfesi: 'TFESI',
  'tfesi-retrodiscal': 'TFESI-RETRODISC',
  's1-tfesi': 'S1-TFESI',
  'medial-branch-block': 'MBB',
  'medial-branch-rfa': 'MB-RFA',
  sacroiliac: 'SIJ',
  vertebroplasty: 'VERTEBROPLASTY',
  'interlaminar-epidural': 'ILESI',
  'lumbar-puncture': 'LP',
  other: 'OTHER',
};

/** The template views of a proposal (procedures.ts StandardViewId), as local codes of at most 16 characters. */
export const VIEW_CODE_VALUES: Record<StandardViewId, string> = {
  ap: 'AP',
  'ap-squared-endplates': 'AP-SQUARED',
  'ap-cephalad-tilt': 'AP-CEPHALAD',
  'ap-interlaminar-tilt': 'AP-INTERLAMINAR',
  'ipsilateral-oblique': 'IPSI-OBLIQUE',
  'contralateral-oblique': 'CONTRA-OBLIQUE',
  'oblique-caudal-tunnel': 'OBLIQUE-TUNNEL',
  'owls-eye': 'OWLS-EYE',
  'bulls-eye': 'BULLS-EYE',
  lateral: 'LATERAL',
};

export const PROPOSAL_SOURCE_CODES: Record<ProposalRecord['source'], Code> = {
  truth: own('SOURCE-TRUTH', 'Demo ground truth'),
  analysis: own('SOURCE-ANALYSIS', 'Automatic spine analysis'),
  clicks: own('SOURCE-CLICKS', "User's clicks on the images"),
};

/**
 * SNOMED CT codes of the intervertebral disc levels (PS3.16 CID 7304-family anatomy, "Level of L4/L5
 * intervertebral disc"); other levels (a single vertebra such as 'L4' or 'S1') use the local code 'LEVEL-<level>'.
 */
const DISC_LEVEL_SCT: Record<string, string> = {
  'T1-T2': '243908006',
  'T2-T3': '243909003',
  'T3-T4': '243910008',
  'T4-T5': '243911007',
  'T5-T6': '243912000',
  'T6-T7': '243913005',
  'T7-T8': '243914004',
  'T8-T9': '243915003',
  'T9-T10': '243916002',
  'T10-T11': '243917006',
  'T11-T12': '243918001',
  'T12-L1': '243926009',
  'L1-L2': '243920003',
  'L2-L3': '243921004',
  'L3-L4': '243922006',
  'L4-L5': '243923001',
  'L5-S1': '243927000',
};

/** A level as a code: SNOMED CT for a disc level, else a local code; undefined when the text is no level. */
export function levelCode(level: string): Code | undefined {
  const sctValue = DISC_LEVEL_SCT[level];
  if (sctValue) return sct(sctValue, `Level of ${level.replace('-', '/')} intervertebral disc`);
  // A vertebra or segment name as the app writes them (C1-C7, T1-T13, L1-L6, S1-S5, Co).
  if (/^(C[1-7]|T1[0-3]|T[1-9]|L[1-6]|S[1-5]|Co)(-(C[1-7]|T1[0-3]|T[1-9]|L[1-6]|S[1-5]|Co))?$/.test(level))
    return own(`LEVEL-${level}`, level);
  return undefined;
}

/** The level a code names (either kind), or undefined. */
export function levelOfCode(code: Code): string | undefined {
  if (code.scheme === 'SCT' || code.scheme === 'SRT') {
    const found = Object.entries(DISC_LEVEL_SCT).find(([, v]) => v === code.value);
    return found?.[0];
  }
  if (code.scheme === SPINEPLAN_SCHEME && code.value.startsWith('LEVEL-')) return code.value.slice(6);
  return undefined;
}

/** The key of `table` whose value is `value`. */
export function keyOf<K extends string>(table: Record<K, string>, value: string): K | undefined {
  return (Object.keys(table) as K[]).find((k) => table[k] === value);
}

/** Shapes of the geometric no-go structures (clearance.ts NoGoShape). */
export const SHAPE_CODES: Record<NoGoShape['kind'], Code> = {
  point: own('SHAPE-POINT', 'Point'),
  polyline: own('SHAPE-POLYLINE', 'Polyline'),
  sphere: own('SHAPE-SPHERE', 'Sphere'),
  capsule: own('SHAPE-CAPSULE', 'Capsule (segment with a radius)'),
};
