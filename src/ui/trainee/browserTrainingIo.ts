import { errorMessage, fail, ok, type Result } from '../../core/errors';
import type { ClearanceStructure } from '../../planning/clearance';
import { type StudyState, useStudyStore } from '../../state/studyStore';
import { useTraineeStore } from '../../state/traineeStore';
import { readTrainingPackage, writeTrainingPackage } from '../../training/package';
import type { TrainingPackage } from '../../training/types';
import type { AppActions } from '../appActions';
import type { ReadoutSource } from '../plan/readoutSource';
import type { TrainingIo } from './trainingIo';

/** Resolves when the study store settles after an open begins (call before it): the volume, or the error. */
function studySettled(): Promise<Result<StudyState>> {
  return new Promise((resolve) => {
    let loading = false;
    const off = useStudyStore.subscribe((s) => {
      if (s.status === 'loading') loading = true;
      if (!loading) return;
      if (s.status === 'ready' && s.volume) resolve(ok(s));
      else if (s.status === 'error' || s.status === 'empty')
        resolve(fail(s.error ?? 'the images could not be opened'));
      else return;
      off();
    });
  });
}

/**
 * Opens a package's study unless it is open already: the demo is regenerated (or read from its cache); a
 * DICOM package's images go through the normal loader, as if the user had dropped them.
 */
async function openStudyOf(
  pkg: TrainingPackage,
  dicomFiles: { path: string; bytes: Uint8Array }[],
  actions: Pick<AppActions, 'openDemo' | 'openFiles'>,
  packageName: string,
): Promise<Result<void>> {
  const volume = useStudyStore.getState().volume;
  if (pkg.study.kind === 'demo') {
    if (volume?.metadata.isDemo) return ok(undefined);
    const settled = studySettled();
    actions.openDemo();
    const result = await settled;
    return result.ok ? ok(undefined) : fail(`the demo could not be opened: ${result.error}`);
  }
  const series = pkg.study.seriesInstanceUid;
  if (dicomFiles.length === 0) {
    if (volume && series && volume.metadata.seriesInstanceUid === series) return ok(undefined);
    return fail('the package holds no images and its series is not the one open');
  }
  const settled = studySettled();
  actions.openFiles(
    dicomFiles.map((f) => ({
      file: new File([new Uint8Array(f.bytes)], f.path),
      path: `${packageName}/${f.path}`,
    })),
  );
  const result = await settled;
  return result.ok ? ok(undefined) : fail(`its images could not be opened: ${result.error}`);
}

/**
 * Package files in the browser, built on the pure package module (training/package.ts) and the app's
 * loader actions. A DICOM case is written without its images here (the UI layer never holds the original
 * files); the trainee then needs the same series open.
 */
export function browserTrainingIo(
  actions: Pick<AppActions, 'openDemo' | 'openFiles'>,
  readouts: ReadoutSource,
): TrainingIo {
  return {
    writePackage: async (pkg) => writeTrainingPackage(pkg),
    openPackage: async (file) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        return fail(`the file could not be read: ${errorMessage(e)}`);
      }
      const read = readTrainingPackage(bytes);
      if (!read.ok) return read;
      const { pkg, dicomFiles } = read.value;
      const opened = await openStudyOf(pkg, dicomFiles, actions, file.name);
      if (!opened.ok) return opened;
      useTraineeStore.getState().setPackage(pkg);
      return ok(pkg);
    },
    noGoStructures: (pkg) => trainingNoGo(pkg, readouts),
  };
}

/** The expert plan's marked structures and, on the demo, the phantom's ground-truth structures. */
export function trainingNoGo(pkg: TrainingPackage, readouts: ReadoutSource): ClearanceStructure[] {
  const level = pkg.expertPlan.trajectories[0]?.level ?? '';
  return [...pkg.expertPlan.noGoStructures, ...(readouts.contextFor(level).structures ?? [])];
}
