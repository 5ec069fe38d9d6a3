import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import { type Plan, parsePlanFile, serializePlan } from '../planning/planFile';
import { planReview } from '../planning/review';
import {
  makeReviewFile,
  mergeReviewFile,
  parseReviewFile,
  REVIEW_FILE_SUFFIX,
  type ReviewMerge,
  serializeReviewFile,
} from '../planning/reviewMerge';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { readBundleZip, writeBundleZip } from '../training/caseBundleZip';
import type { PackageFile } from '../training/package';
import { remapPlanUids } from '../training/packageCreate';
import { patientBoneMesh } from './caseBundlePatientView';
import { deidentifySeriesHere, type SeriesDeidentifier } from './deidentifySeries';
import { planCaseKey } from './planSync';
import type { SourceFile } from './readInputFiles';
import { volumeToDicomFiles } from './trainingPackageVolumeDicom';
import { unzipWithinLimits } from './unzipWithinLimits';

/**
 * Remote second opinion without a server (issue 22): ONE file with the CT (de-identified by default), the
 * plan and its comments, that another specialist opens in their own browser; their review comes back as a
 * small JSON file merged into the original plan by plan identity and version (planning/reviewMerge.ts).
 */
export const CASE_BUNDLE_FORMAT = 'spineplan-case-bundle';
export const CASE_BUNDLE_JSON = 'spineplan-case.json';
export const CASE_BUNDLE_SUFFIX = '.spineplan-case.zip';
const MAX_REVIEW_FILE_BYTES = 8_000_000;

export interface CaseBundleJson {
  format: typeof CASE_BUNDLE_FORMAT;
  bundleVersion: 1;
  createdAt: string;
  /** The images: the demo phantom (regenerated from its seed) or the DICOM files under dicom/. */
  study: { kind: 'demo'; seed?: number } | { kind: 'dicom' };
  deidentified: boolean;
  /** The plan file text (its UIDs those of the bundled images). */
  plan: string;
}

export interface CaseBundleDeps {
  /** Opens files as the case (main.tsx: loader.open); resolves when loaded or failed. */
  openFiles: (caseName: string, files: readonly SourceFile[]) => Promise<void>;
  openDemo: () => void;
  /** The active series' original files, when the loader keeps them (else the volume is written as DICOM). */
  activeSeriesFiles?: () => readonly PackageFile[] | undefined | Promise<readonly PackageFile[] | undefined>;
  /** Where the series is de-identified (main.tsx: the de-identification worker); default this thread. */
  deidentifySeries?: SeriesDeidentifier;
}

export interface WrittenBundle {
  bytes: Uint8Array;
  fileName: string;
  /** What de-identification removed or replaced, one line per attribute. */
  removed: string[];
}

const safeStem = (text: string): string =>
  text
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);

/** The bundle of the active case and plan; de-identified unless `deidentify` is false. */
export async function writeCaseBundle(
  deps: Pick<CaseBundleDeps, 'activeSeriesFiles' | 'deidentifySeries'>,
  options: { deidentify?: boolean } = {},
  now: Date = new Date(),
): Promise<Result<WrittenBundle>> {
  const plan = usePlanStore.getState().ensureReview();
  const { volume, demoTruth } = useStudyStore.getState();
  if (!plan || !volume) return fail('open a case and plan first');
  const review = planReview(plan);
  const name = `plan-v${review.version}${CASE_BUNDLE_SUFFIX}`;
  const json = (bundlePlan: Plan, study: CaseBundleJson['study'], deidentified: boolean): string =>
    `${JSON.stringify(
      {
        format: CASE_BUNDLE_FORMAT,
        bundleVersion: 1,
        createdAt: now.toISOString(),
        study,
        deidentified,
        plan: serializePlan(bundlePlan),
      } satisfies CaseBundleJson,
      null,
      2,
    )}\n`;
  const originals = await deps.activeSeriesFiles?.();
  // The demo phantom is no patient: its files travel as they are (their demo marker keeps it marked "not
  // patient data" on the other side); without its files, its seed.
  if (volume.metadata.isDemo) {
    if (originals)
      return ok({
        bytes: writeBundleZip(CASE_BUNDLE_JSON, json(plan, { kind: 'dicom' }, false), originals),
        fileName: name,
        removed: [],
      });
    const study: CaseBundleJson['study'] = demoTruth
      ? { kind: 'demo', seed: demoTruth.seed }
      : { kind: 'demo' };
    return ok({
      bytes: writeBundleZip(CASE_BUNDLE_JSON, json(plan, study, false), []),
      fileName: name,
      removed: [],
    });
  }
  const files = originals ?? volumeToDicomFiles(volume);
  // The volume written as DICOM is this export's own: its bytes can move to the worker.
  const handOver = originals === undefined;
  let bundlePlan = plan;
  let bundleFiles: readonly PackageFile[] = files;
  let removed: string[] = [];
  const deidentify = options.deidentify !== false;
  if (deidentify) {
    const clean = await (deps.deidentifySeries ?? deidentifySeriesHere)(files, { handOver });
    if (!clean.ok) return clean;
    bundleFiles = clean.value.files;
    removed = clean.value.removed;
    bundlePlan = remapPlanUids(plan, clean.value.uidMap.map);
  }
  const bytes = writeBundleZip(
    CASE_BUNDLE_JSON,
    json(bundlePlan, { kind: 'dicom' }, deidentify),
    bundleFiles,
  );
  return ok({ bytes, fileName: name, removed });
}

/** Reads a bundle file: zip -> spineplan-case.json -> plan (migrated, validated) -> DICOM files. */
export function readCaseBundle(
  bytes: Uint8Array,
): Result<{ json: CaseBundleJson; plan: Plan; dicomFiles: PackageFile[] }> {
  const zip = readBundleZip(bytes, CASE_BUNDLE_JSON, (b) => unzipWithinLimits(b, 'the case bundle'));
  if (!zip.ok) return fail(`not a case bundle: ${zip.error}`);
  const { jsonText, names, dicomFiles } = zip.value;
  if (jsonText === undefined)
    return fail(
      names.includes('spineplan-training.json')
        ? 'this is a training package, not a case bundle: open it in Training'
        : `not a case bundle: the zip holds no ${CASE_BUNDLE_JSON}`,
    );
  let json: CaseBundleJson;
  try {
    json = JSON.parse(jsonText) as CaseBundleJson;
  } catch {
    return fail(`the case bundle is damaged: ${CASE_BUNDLE_JSON} is not JSON`);
  }
  if (json.format !== CASE_BUNDLE_FORMAT || typeof json.plan !== 'string')
    return fail(`the case bundle is damaged: ${CASE_BUNDLE_JSON} is not a Spineplan case bundle`);
  const plan = parsePlanFile(json.plan);
  if (!plan.ok) return fail(`the case bundle's plan cannot be read: ${plan.error}`);
  if (json.study?.kind === 'dicom' && dicomFiles.length === 0)
    return fail('the case bundle names DICOM images but holds none');
  return ok({ json, plan: plan.value, dicomFiles });
}

/** Resolves once `done` holds for the stores (checked now and on every change of either). */
function whenStores(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done()) return resolve();
    const stop = () => {
      a();
      b();
    };
    const check = () => {
      if (!done()) return;
      stop();
      resolve();
    };
    const a = useStudyStore.subscribe(check);
    const b = usePlanStore.subscribe(check);
  });
}

/**
 * Opens a bundle: its images through the normal loader (or the demo), then its plan, with comments and
 * history, as the case's plan (the plan the case had here is kept as the previous plan).
 */
export async function openCaseBundle(bytes: Uint8Array, deps: CaseBundleDeps): Promise<Result<Plan>> {
  const read = readCaseBundle(bytes);
  if (!read.ok) return read;
  const { json, plan, dicomFiles } = read.value;
  const current = useStudyStore.getState();
  if (json.study.kind === 'demo') {
    if (!(current.status === 'ready' && current.volume?.metadata.isDemo)) deps.openDemo();
  } else {
    const files = dicomFiles.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) }));
    await deps.openFiles('Case bundle', files);
  }
  // Until the loader is done and the plan store has opened the loaded images' case (planSync.ts), whichever
  // case that is: a bundle whose plan names other images then gets the attach check's answer, not a wait.
  await whenStores(() => {
    const s = useStudyStore.getState();
    if (s.status === 'error' || s.status === 'empty') return true;
    return (
      s.status === 'ready' && !!s.volume && usePlanStore.getState().activeCaseKey === planCaseKey(s.volume)
    );
  });
  const s = useStudyStore.getState();
  if (s.status !== 'ready') return fail(`the bundle's images could not be opened: ${s.error ?? 'closed'}`);
  const imported = usePlanStore.getState().importPlanTextIntoActive(serializePlan(plan));
  return imported.ok ? ok(imported.value) : fail(imported.error);
}

/** The reviewer's answer: the active plan's review as a review file. */
export function exportReview(
  reviewer: string,
  now: Date = new Date(),
): Result<{ text: string; fileName: string }> {
  const plan = selectActivePlan(usePlanStore.getState());
  if (!plan?.review) return fail('open a case bundle first: there is no plan under review');
  const file = makeReviewFile(plan, reviewer.trim(), now.toISOString());
  return ok({
    text: serializeReviewFile(file),
    fileName: `review-${safeStem(reviewer) || 'reviewer'}-v${file.planVersion}${REVIEW_FILE_SUFFIX}`,
  });
}

/** The planner's side: merges a review file into the active plan (one undo step; conflicts listed, not applied). */
export function importReview(text: string, now: Date = new Date()): Result<Omit<ReviewMerge, 'plan'>> {
  const plan = selectActivePlan(usePlanStore.getState());
  if (!plan) return fail('open the case of the plan first');
  const file = parseReviewFile(text);
  if (!file.ok) return fail(file.error);
  const merged = mergeReviewFile(plan, file.value, now.toISOString());
  if (!merged.ok) return fail(merged.error);
  const applied = usePlanStore.getState().importPlanTextIntoActive(serializePlan(merged.value.plan));
  if (!applied.ok) return fail(applied.error);
  const { plan: _plan, ...summary } = merged.value;
  return ok(summary);
}

/** The review panel's IO (ui/review/reviewIo.ts ReviewIo), wired by main.tsx. */
export function createReviewIo(deps: CaseBundleDeps) {
  return {
    exportBundle: async (deidentify: boolean): Promise<Result<WrittenBundle>> =>
      writeCaseBundle(deps, { deidentify }),
    openBundle: async (file: Blob): Promise<Result<Plan>> => {
      try {
        return await openCaseBundle(new Uint8Array(await file.arrayBuffer()), deps);
      } catch (e) {
        return fail(`the file could not be read: ${errorMessage(e)}`);
      }
    },
    exportReview: (reviewer: string) => exportReview(reviewer),
    importReview: async (file: Blob): Promise<Result<Omit<ReviewMerge, 'plan'>>> =>
      // A review is comments and events (REVIEW_LIMITS: 500 comments of 2,000 characters): a few MB at most.
      file.size > MAX_REVIEW_FILE_BYTES
        ? fail(`not a review file: ${(file.size / 1e6).toFixed(0)} MB is far more than a review holds`)
        : importReview(await file.text()),
    patientMesh: patientBoneMesh,
  };
}
