import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import { scanFiles } from '../dicom/ingest';
import type { ClearanceStructure } from '../planning/clearance';
import { endplateNormalFor } from '../planning/endplates';
import { paintedStructures } from '../planning/noGoMask';
import { checkPlanAgainstCase, DOES_NOT_FIT } from '../planning/planCaseBounds';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { useTraineeStore } from '../state/traineeStore';
import {
  PACKAGE_FILE_SUFFIX,
  type PackageFile,
  readTrainingPackage,
  writeTrainingPackage,
} from '../training/package';
import {
  createPackageFromPlan,
  type PackageFromPlanOptions,
  remapPackageUids,
} from '../training/packageCreate';
import type { AttemptScore, TrainingPackage } from '../training/types';
import type { Volume } from '../volume/volume';
import { deidentifySeriesHere, type SeriesDeidentifier } from './deidentifySeries';
import type { SourceFile } from './readInputFiles';
import { truthStructures } from './readoutContext';
import { volumeToDicomFiles } from './trainingPackageVolumeDicom';
import { unzipWithinLimits } from './unzipWithinLimits';

/**
 * Browser glue of trainee mode (issue 11): a package from the active plan and case, and opening a package
 * (its images through the normal study loader, then the exercise into the trainee store).
 */
export interface TrainingIoDeps {
  /** Opens files as the case (main.tsx: `loader.open`); resolves when loaded or failed (study store says). */
  openFiles: (caseName: string, files: readonly SourceFile[]) => Promise<void>;
  /** Opens the demo phantom (main.tsx: `actions.openDemo`); progress and result go to the study store. */
  openDemo: () => void;
  /**
   * The active series' original files, when the loader keeps them; without it (or when it answers
   * undefined) the volume is written as a new DICOM series (trainingPackageVolumeDicom.ts).
   */
  activeSeriesFiles?: () => readonly PackageFile[] | undefined | Promise<readonly PackageFile[] | undefined>;
  /** Where the series is de-identified (main.tsx: the de-identification worker); default this thread. */
  deidentifySeries?: SeriesDeidentifier;
}

export type PackageOptions = Omit<PackageFromPlanOptions, 'nowIso' | 'demoSeed' | 'endplateNormalFor'>;

/** How a package's images are written. */
export interface PackageImageOptions {
  /**
   * De-identify the images and the plan's UIDs (PS3.15 E.1.1 Basic Profile, src/dicom/deid); on unless a
   * caller turns it off explicitly (a clinic's internal copy).
   */
  deidentify?: boolean;
}

/** A package file and what de-identification removed or replaced ("Patient's Name: emptied (134)" lines). */
export interface WrittenPackage {
  bytes: Uint8Array;
  removed: string[];
}

/** "L4-L5 left TFESI.spineplan-training.zip": the title, made safe for a file name. */
export const packageFileName = (pkg: Pick<TrainingPackage, 'title'>): string =>
  `${pkg.title.replace(/[^\w .,()-]+/g, '_').trim() || 'exercise'}${PACKAGE_FILE_SUFFIX}`;

/**
 * The case package of the active plan: the demo travels as its seed, a DICOM case with its series' files
 * (the originals when `activeSeriesFiles` gives them, else the volume written as DICOM).
 */
export async function exportActivePlanPackage(
  options: PackageOptions,
  deps: Pick<TrainingIoDeps, 'activeSeriesFiles' | 'deidentifySeries'> = {},
  now: Date = new Date(),
  imageOptions: PackageImageOptions = {},
): Promise<Result<{ pkg: TrainingPackage; fileName: string; bytes: Uint8Array; removed: string[] }>> {
  const plan = selectActivePlan(usePlanStore.getState());
  const { volume, demoTruth } = useStudyStore.getState();
  if (!plan || !volume) return fail('open a case and plan a needle first');
  const isDemo = volume.metadata.isDemo;
  const truth = isDemo ? demoTruth : null;
  const made = createPackageFromPlan(plan, {
    ...options,
    nowIso: now.toISOString(),
    ...(truth
      ? { demoSeed: truth.seed, endplateNormalFor: (level: string) => endplateNormalFor(truth, level) }
      : {}),
  });
  if (!made.ok) return made;
  const written = await writePackageWithImages(made.value, deps, imageOptions);
  return written.ok
    ? ok({ pkg: made.value, fileName: packageFileName(made.value), ...written.value })
    : written;
}

/**
 * The package file of `pkg`: the demo without images; a DICOM case with the open series' files, which must
 * be the package's series (the originals when `activeSeriesFiles` gives them, else the volume as DICOM),
 * de-identified by default together with the package's UIDs (one map, so the plan still attaches).
 */
export async function writePackageWithImages(
  pkg: TrainingPackage,
  deps: Pick<TrainingIoDeps, 'activeSeriesFiles' | 'deidentifySeries'> = {},
  options: PackageImageOptions = {},
): Promise<Result<WrittenPackage>> {
  if (pkg.study.kind === 'demo') return ok({ bytes: writeTrainingPackage(pkg), removed: [] });
  const volume = useStudyStore.getState().volume;
  const wanted = pkg.study.seriesInstanceUid;
  if (!volume || volume.metadata.isDemo || (wanted && volume.metadata.seriesInstanceUid !== wanted))
    return fail(
      "the package's series is not the one open: open the planned images to package them with the plan",
    );
  const originals = await deps.activeSeriesFiles?.();
  const files = originals ?? volumeToDicomFiles(volume);
  if (options.deidentify === false) return ok({ bytes: writeTrainingPackage(pkg, files), removed: [] });
  // The volume written as DICOM is this export's own: its bytes can move to the worker.
  const clean = await (deps.deidentifySeries ?? deidentifySeriesHere)(files, { handOver: !originals });
  if (!clean.ok) return clean;
  return ok({
    bytes: writeTrainingPackage(remapPackageUids(pkg, clean.value.uidMap.map), clean.value.files),
    removed: clean.value.removed,
  });
}

/** Resolves when the study store leaves 'loading': the volume, or the loader's error. */
function studyLoaded(): Promise<Result<Volume>> {
  const settle = (s: ReturnType<typeof useStudyStore.getState>): Result<Volume> | undefined =>
    s.status === 'ready' && s.volume
      ? ok(s.volume)
      : s.status === 'error' || s.status === 'empty'
        ? fail(s.error ?? 'the case was closed')
        : undefined;
  return new Promise((resolve) => {
    const now = settle(useStudyStore.getState());
    if (now) return resolve(now);
    const stop = useStudyStore.subscribe((s) => {
      const done = settle(s);
      if (!done) return;
      stop();
      resolve(done);
    });
  });
}

/** A package's zip read with the ingest's size limits: a bomb named .zip in the trainee dialog is refused by name. */
export const unzipPackage = (bytes: Uint8Array) => unzipWithinLimits(bytes, 'the training package');

/**
 * Opens a package file: validates it (clear error otherwise), opens its case (the demo, or its DICOM through
 * the normal loader) unless the demo is open already, checks the images are the package's, then sets the
 * exercise in the trainee store (the UI decides when trainee mode becomes active). The expert plan stays in
 * the package, hidden until an attempt ends (traineeStore `revealed`).
 */
export async function openTrainingPackage(
  bytes: Uint8Array,
  deps: TrainingIoDeps,
): Promise<Result<TrainingPackage>> {
  const read = readTrainingPackage(bytes, unzipPackage);
  if (!read.ok) return read;
  const { pkg, dicomFiles } = read.value;
  // Everything that can be checked without opening the images is checked first: a refused package must not
  // replace the case the user has open (issue 24 class 8).
  const wanted = pkg.study.kind === 'dicom' ? pkg.study.seriesInstanceUid : undefined;
  if (wanted) {
    const series = scanFiles(dicomFiles).candidates.map((c) => c.summary.seriesInstanceUid);
    if (!series.includes(wanted))
      return fail(
        `the package's images are series ${series.join(', ') || '(none readable)'}, but its plan was made on series ${wanted}`,
      );
  }
  const current = useStudyStore.getState();
  let volume: Volume;
  if (pkg.study.kind === 'demo') {
    if (current.status === 'ready' && current.volume?.metadata.isDemo) volume = current.volume;
    else {
      deps.openDemo();
      // openDemo starts loading synchronously (loader.open's first step); anything else is a wiring fault.
      if (useStudyStore.getState().status !== 'loading') return fail('the demo case did not start loading');
      const loaded = await studyLoaded();
      if (!loaded.ok) return fail(`the demo case could not be opened: ${loaded.error}`);
      volume = loaded.value;
    }
    const seed = useStudyStore.getState().demoTruth?.seed;
    if (pkg.study.seed !== undefined && seed !== undefined && seed !== pkg.study.seed)
      return fail(
        `this exercise was made on demo phantom seed ${pkg.study.seed}; this Spineplan's demo is seed ${seed}`,
      );
  } else {
    const files = dicomFiles.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) }));
    await deps.openFiles(pkg.title, files);
    const loaded = await studyLoaded();
    if (!loaded.ok) return fail(`the package's images could not be opened: ${loaded.error}`);
    volume = loaded.value;
  }
  if (wanted && volume.metadata.seriesInstanceUid !== wanted)
    return fail(
      `the package's images are series ${volume.metadata.seriesInstanceUid}, but its plan was made on series ${wanted}`,
    );
  // The expert plan must fit the images (points near them, painted regions on their grid) before any
  // attempt or debrief draws or scores it (issue 24 class 1).
  const fits = checkPlanAgainstCase(pkg.expertPlan, { dims: volume.dims, ijkToLps: volume.ijkToLps });
  if (!fits.ok)
    return fail(`the package's expert plan does not fit its images: ${fits.error.replace(DOES_NOT_FIT, '')}`);
  useTraineeStore.getState().setPackage(pkg);
  return ok(pkg);
}

/**
 * What an attempt must keep clear of: the expert plan's no-go shapes and painted regions and, on the demo,
 * the phantom's ground-truth structures (distance fields), as the plan panel's readouts use them.
 */
export function trainingNoGoStructures(pkg: TrainingPackage): ClearanceStructure[] {
  const { volume, demoTruth } = useStudyStore.getState();
  const truth = volume?.metadata.isDemo && pkg.study.kind === 'demo' ? demoTruth : null;
  return [
    ...pkg.expertPlan.noGoStructures,
    ...paintedStructures(pkg.expertPlan.noGoMasks ?? []),
    ...(truth ? truthStructures(truth) : []),
  ];
}

/** Ends the running attempt with the case's no-go structures and the expert needle's gauge; the score. */
export function finishTrainingAttempt(): AttemptScore | undefined {
  const { pkg, finish } = useTraineeStore.getState();
  return pkg ? finish(trainingNoGoStructures(pkg)) : undefined;
}

/**
 * The training panel's IO (the shape of ui/trainee/trainingIo.ts TrainingIo) on this module: packages carry
 * their DICOM and open through the study loader. main.tsx: `createTrainingIo({ openFiles: (name, files) =>
 * loader.open(name, files), openDemo: actions.openDemo })`.
 */
export function createTrainingIo(deps: TrainingIoDeps) {
  return {
    writePackage: async (pkg: TrainingPackage): Promise<WrittenPackage> => {
      const written = await writePackageWithImages(pkg, deps);
      if (!written.ok) throw new Error(written.error);
      return written.value;
    },
    openPackage: async (file: Blob): Promise<Result<TrainingPackage>> => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        return fail(`the file could not be read: ${errorMessage(e)}`);
      }
      return openTrainingPackage(bytes, deps);
    },
    noGoStructures: trainingNoGoStructures,
  };
}
