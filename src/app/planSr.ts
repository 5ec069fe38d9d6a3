/**
 * The plan as a DICOM object and back: a Comprehensive 3D SR (PS3.3 A.35.13) following TID 1500
 * Measurement Report (planToSrContent.ts), in UTF-8, referring to the CT it was planned on; and the plan
 * read back from such an SR (or from the Basic Text SR with the plan's JSON that earlier versions stored).
 */
import { sameCode } from '../dicom/sr/contentTree';
import { readSrDocument, type SrDocument } from '../dicom/sr/readSrDocument';
import { BASIC_TEXT_SR_SOP_CLASS, type CodedConcept } from '../dicom/write/basicTextSr';
import {
  buildComprehensive3dSr,
  ORGANIZATION_NOT_RECORDED,
  type SrStudy,
  type SrVerification,
} from '../dicom/write/comprehensive3dSr';
import { type Plan, parsePlanFile, validatePlan } from '../planning/planFile';
import { currentSignOff, initialReview } from '../planning/review';
import type { VolumeMetadata } from '../volume/volume';
import { dicomDateTimeToIso, planFromSrContent } from './planFromSrContent';
import { SPINEPLAN_CODING_SCHEME } from './planSrCodes';
import { type PlanSrContentOptions, planToSrContent } from './planToSrContent';

export const PLAN_SR_SERIES_DESCRIPTION = 'Spineplan needle plan';

/**
 * A private coded concept (PS3.16 8.1: a "99" coding scheme is a local one) for the plan file in the Basic
 * Text SRs earlier versions stored, so the reader can still find it.
 */
export const CONCEPT_PLAN_FILE: CodedConcept = {
  value: 'PLAN-JSON',
  scheme: '99SPINEPLAN',
  meaning: 'Spineplan plan file (JSON)',
};

/**
 * Points are stored as 32-bit floats (SCOORD3D Graphic Data is FL, PS3.3 C.18.9.1): a point read back is
 * Math.fround of the one stored, within this of it for any point inside a 1 m cube about the origin.
 */
export const SR_POINT_TOLERANCE_MM = 1e-4;

/** The CT a plan was made on, and the study the SR is filed into. */
export interface CtReference {
  /** Patient and study attributes, copied into the SR (PS3.3 C.7.1.1, C.7.2.1). */
  study: SrStudy;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  /** 'CT' unless told. */
  modality?: string;
  /** The CT's images (SOP class and instance UIDs), when known: the SR's evidence and image library. */
  instances?: readonly { sopClassUid: string; sopInstanceUid: string }[];
}

export interface PlanSrOptions extends PlanSrContentOptions {
  /** Content date/time (default: now). */
  now?: Date;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  seriesDescription?: string;
  /** The signing reviewer's organization, for the header's Verifying Organization (Type 1). */
  verifyingOrganization?: string;
}

/**
 * The header's sign-off (PS3.3 C.17.2): an approved plan's last approval of its current version makes the
 * document VERIFIED by that reviewer at that time; any other plan is UNVERIFIED.
 */
export function planVerification(
  plan: Plan,
  organization: string | undefined = plan.review && currentSignOff(plan.review)?.organization,
): SrVerification | undefined {
  const signOff = plan.review && currentSignOff(plan.review);
  const at = signOff ? new Date(signOff.atIso) : undefined;
  if (!signOff || !at || Number.isNaN(at.getTime())) return undefined;
  return { observerName: signOff.by, at, ...(organization ? { organization } : {}) };
}

/** A CtReference from the open volume's header fields (plus what the caller knows beyond them). */
export function ctReferenceOf(
  metadata: VolumeMetadata,
  extra: { instances?: CtReference['instances']; study?: Partial<SrStudy> } = {},
): CtReference {
  return {
    study: {
      studyInstanceUid: metadata.studyInstanceUid,
      patientName: metadata.patientName,
      patientId: metadata.patientId,
      studyDate: metadata.studyDate,
      ...(metadata.studyDescription ? { studyDescription: metadata.studyDescription } : {}),
      ...extra.study,
    },
    seriesInstanceUid: metadata.seriesInstanceUid,
    frameOfReferenceUid: metadata.frameOfReferenceUid,
    modality: metadata.modality || 'CT',
    ...(extra.instances ? { instances: extra.instances } : {}),
  };
}

/**
 * The images of a series as the SR's evidence, from the ingest's slices in order (studyLoader: a candidate's
 * `slices`); a multi-frame file is listed once.
 */
export function ctInstancesOf(
  slices: readonly { source: { instance: { sopClassUid: string; sopInstanceUid: string } } }[],
): { sopClassUid: string; sopInstanceUid: string }[] {
  const seen = new Set<string>();
  const out: { sopClassUid: string; sopInstanceUid: string }[] = [];
  for (const { source } of slices) {
    const { sopClassUid, sopInstanceUid } = source.instance;
    if (!sopInstanceUid || !sopClassUid || seen.has(sopInstanceUid)) continue;
    seen.add(sopInstanceUid);
    out.push({ sopClassUid, sopInstanceUid });
  }
  return out;
}

/** The plan's SR: Part 10 bytes and its UIDs. Throws when the CT has no frame of reference. */
export function buildPlanSr(
  plan: Plan,
  ct: CtReference,
  options: PlanSrOptions = {},
): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const root = planToSrContent(
    plan,
    {
      studyInstanceUid: ct.study.studyInstanceUid,
      seriesInstanceUid: ct.seriesInstanceUid,
      frameOfReferenceUid: ct.frameOfReferenceUid,
      ...(ct.modality ? { modality: ct.modality } : {}),
      ...(ct.instances ? { instances: ct.instances } : {}),
    },
    options,
  );
  const verification = planVerification(plan, options.verifyingOrganization);
  return buildComprehensive3dSr({
    study: ct.study,
    root,
    evidence: ct.instances ? [{ seriesInstanceUid: ct.seriesInstanceUid, instances: ct.instances }] : [],
    codingSchemes: [SPINEPLAN_CODING_SCHEME],
    seriesDescription: options.seriesDescription ?? PLAN_SR_SERIES_DESCRIPTION,
    now: options.now ?? new Date(),
    ...(verification ? { verification } : {}),
    ...(options.seriesInstanceUid ? { seriesInstanceUid: options.seriesInstanceUid } : {}),
    ...(options.sopInstanceUid ? { sopInstanceUid: options.sopInstanceUid } : {}),
  });
}

/** The plan as Part 10 bytes of a Comprehensive 3D SR. */
export function planToSrDataset(
  plan: Plan,
  ctReference: CtReference,
  options: PlanSrOptions = {},
): Uint8Array {
  return buildPlanSr(plan, ctReference, options).bytes;
}

/** The plan JSON of an earlier version's Basic Text SR, or undefined when the document is not one. */
function planOfBasicTextSr(doc: SrDocument): Plan | undefined {
  if (doc.sopClassUid !== BASIC_TEXT_SR_SOP_CLASS) return undefined;
  const item = (doc.root.children ?? []).find(
    (c) => c.type === 'TEXT' && sameCode(c.concept, CONCEPT_PLAN_FILE),
  );
  if (item?.type !== 'TEXT') return undefined;
  const parsed = parsePlanFile(item.text);
  if (!parsed.ok) throw new Error(`the text report's plan cannot be read: ${parsed.error}`);
  return parsed.value;
}

/** A Person Name value as words ('Family^Given' -> 'Family Given'; the alphabetic group only). */
const personNameWords = (pn: string): string =>
  (pn.split('=')[0] ?? '')
    .split('^')
    .map((w) => w.trim())
    .filter(Boolean)
    .join(' ');

/**
 * The header's sign-off (PS3.3 C.17.2) against the plan's review: an SR with no review of ours but VERIFIED
 * (another system's, signed by a person) gives the plan an approved review by that observer; a review that
 * says approved in a document that is not VERIFIED is named.
 */
function withHeaderSignOff(plan: Plan, doc: SrDocument): { plan: Plan; losses: string[] } {
  const observer = doc.verifyingObservers[0];
  const verified = doc.verificationFlag === 'VERIFIED';
  if (plan.review) {
    if (plan.review.status === 'approved' && !verified)
      return {
        plan,
        losses: [
          `the plan's review says approved, but the document's Verification Flag is ${doc.verificationFlag || '(absent)'}`,
        ],
      };
    return { plan, losses: [] };
  }
  if (!verified || !observer) return { plan, losses: [] };
  const by = personNameWords(observer.name) || 'Unknown';
  const atIso = dicomDateTimeToIso(observer.dateTime) ?? '';
  const review = initialReview();
  return {
    plan: {
      ...plan,
      review: {
        ...review,
        status: 'approved',
        history: [
          {
            kind: 'approved',
            by,
            atIso,
            version: review.version,
            ...(observer.organization && observer.organization !== ORGANIZATION_NOT_RECORDED
              ? { organization: observer.organization }
              : {}),
          },
        ],
        baseline: {
          version: review.version,
          trajectories: plan.trajectories,
          measurements: plan.measurements,
        },
      },
    },
    losses: [
      `the document was verified by ${by}${observer.organization ? ` (${observer.organization})` : ''}${atIso ? ` at ${atIso}` : ''}: read as an approved plan; no comments or review history before that are in the SR`,
    ],
  };
}

/**
 * The plan in an SR's bytes, and what could not be represented (one sentence each; empty when the plan is
 * the one stored, its points rounded to 32-bit floats), and the frame of reference its points are on (compare
 * it with the open CT's before showing them). Throws an Error saying what is wrong when the bytes are no plan SR.
 */
export function srDatasetToPlan(bytes: Uint8Array): {
  plan: Plan;
  losses: string[];
  frameOfReferenceUid?: string;
} {
  const doc = readSrDocument(bytes);
  const legacy = planOfBasicTextSr(doc);
  if (legacy) return { plan: legacy, losses: [] };
  const ctSeries = doc.evidence.find((e) => e.studyInstanceUid === doc.studyInstanceUid) ?? doc.evidence[0];
  const read = planFromSrContent(doc.root, {
    studyInstanceUid: ctSeries?.studyInstanceUid || doc.studyInstanceUid,
    ...(ctSeries ? { seriesInstanceUid: ctSeries.seriesInstanceUid } : {}),
  });
  const valid = validatePlan(read.plan);
  if (!valid.ok) throw new Error(`the SR's plan is not valid: ${valid.error}`);
  const signed = withHeaderSignOff(valid.value, doc);
  return {
    plan: signed.plan,
    losses: [
      ...(doc.unsupportedCharacterSet
        ? [
            `text in character set ${doc.unsupportedCharacterSet} read one byte per character: names may be garbled`,
          ]
        : []),
      ...read.losses,
      ...signed.losses,
      ...doc.skipped.map((s) => `${s}: not read`),
    ],
    ...(read.frameOfReferenceUid ? { frameOfReferenceUid: read.frameOfReferenceUid } : {}),
  };
}
