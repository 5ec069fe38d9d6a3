import { couchClip } from '../planning/couchClip';
import type { ReportImage, ReportImagesFor } from '../planning/reportImage';
import { useAnalysisStore } from '../state/analysisStore';
import type { Volume } from '../volume/volume';
import { reportImagesFor } from './planReportImages';

/**
 * What the report view (ui/report) asks for: the pictures of a trajectory. Built here because they need the
 * Volume, which the UI layer may not import; main.tsx hands it to the UI (ui/report/reportSource.ts adds the
 * readouts to it).
 */
export interface PlanReportImages {
  imagesFor: ReportImagesFor;
}

interface StudyStoreApi {
  getState: () => { volume: Volume | null };
}

/** Lets the page paint between the CPU radiographs (each ~0.5-1 s). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Pictures of the open volume, cached per volume, trajectory geometry and position (reopening the report or
 * printing twice does not recompute them); the cache is dropped when the volume changes.
 */
export function createPlanReportImages(study: StudyStoreApi): PlanReportImages {
  let cachedVolume: Volume | null = null;
  const cache = new Map<string, Promise<ReportImage[]>>();
  return {
    imagesFor: (t, position) => {
      const volume = study.getState().volume;
      if (!volume) return Promise.resolve([]);
      if (volume !== cachedVolume) {
        cache.clear();
        cachedVolume = volume;
      }
      // The CT couch is left out as on the monitor, once the spine analysis has found it.
      const analysis = useAnalysisStore.getState();
      const body = analysis.volumeId === volume.id ? analysis.analysis?.body : undefined;
      const clip = body ? couchClip(body) : undefined;
      const key = JSON.stringify([t.entryLps, t.targetLps, t.needleId, t.side, position, clip ?? null]);
      let images = cache.get(key);
      if (!images) {
        images = nextTask().then(() => reportImagesFor(volume, t, position, nextTask, clip));
        cache.set(key, images);
        images.catch(() => cache.delete(key));
      }
      return images;
    },
  };
}
