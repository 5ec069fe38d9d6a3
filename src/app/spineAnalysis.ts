import type { AnalysisProgress, SpineAnalysis } from '../analysis/index';
import { renameInText } from '../analysis/relabel';
import { type RpcWorker, runRpc } from '../core/workerRpc';
import type { AnalysisState } from '../state/analysisStore';
import type { PlanState } from '../state/planStore';
import { selectActivePlan } from '../state/planStore';
import type { Volume } from '../volume/volume';
import type { AnalysisRequest } from '../workers/analysisWorker';
import { sendVoxels } from '../workers/voxelPort';

/**
 * Starts the automatic spine analysis (issue 16) by itself when a CT volume opens, in a worker, with
 * progress; cancels it when the case closes or another series opens (the worker is terminated), and on
 * the user's Cancel. A label correction renames the plan's trajectory levels with it, so a trajectory
 * planned at "L4-L5" keeps pointing at the same discs.
 */

interface Store<S> {
  getState: () => S;
  subscribe: (listener: (state: S, previous: S) => void) => () => void;
}

export interface SpineAnalysisDeps {
  study: Store<{ volume: Volume | null }>;
  analysis: Store<AnalysisState>;
  plans?: Store<PlanState>;
  createWorker: () => RpcWorker;
  /**
   * Resolves once the volume's first picture is drawn: the analysis (a worker busy for seconds on a core,
   * and its copy of the voxels) starts after it, not beside the case's opening (issue 20). Default: at once.
   */
  afterFirstFrame?: (volume: Volume) => Promise<void>;
  /** Clock for the elapsed time (tests). */
  now?: () => number;
}

export interface SpineAnalysisControl {
  /** Stops the running analysis (the user's Cancel). */
  cancel: () => void;
  /** Analyses the open volume again (after a cancel or a failure). */
  restart: () => void;
  dispose: () => void;
}

/** Only CT carries HU the analysis can threshold (domain.md s.3). */
const analysable = (v: Volume | null): v is Volume => v !== null && v.metadata.modality === 'CT';

export function startSpineAnalysis(deps: SpineAnalysisDeps): SpineAnalysisControl {
  const now = deps.now ?? (() => performance.now());
  let job: { volumeId: string; controller: AbortController } | null = null;

  const stop = () => {
    job?.controller.abort();
    job = null;
  };

  const run = (volume: Volume) => {
    stop();
    const controller = new AbortController();
    job = { volumeId: volume.id, controller };
    const store = deps.analysis.getState();
    store.start(volume.id);
    if (!deps.afterFirstFrame) {
      analyse(volume, controller);
      return;
    }
    void deps.afterFirstFrame(volume).then(() => {
      if (!controller.signal.aborted) analyse(volume, controller);
    });
  };

  const analyse = (volume: Volume, controller: AbortController) => {
    const started = now();
    const channel = new MessageChannel();
    const request: AnalysisRequest = {
      voxels: channel.port2,
      volume: {
        id: volume.id,
        dims: volume.dims,
        spacingMm: volume.spacingMm,
        ijkToLps: volume.ijkToLps,
        // The voxels follow in pieces through `voxels` (workers/voxelPort.ts).
        data: new Int16Array(0),
        rescaleSlope: volume.rescaleSlope,
        rescaleIntercept: volume.rescaleIntercept,
        metadata: volume.metadata,
        warnings: volume.warnings,
      },
    };
    const result = runRpc<AnalysisRequest, SpineAnalysis, AnalysisProgress>(deps.createWorker, request, {
      transfer: [channel.port2],
      signal: controller.signal,
      onProgress: (p) => deps.analysis.getState().setProgress(volume.id, p),
    });
    // The page copies ~4 MB at a time between its other work (postMessage of the whole array copied it in
    // one task: 67 MB for the pancreas, 632 MB at 1,206 slices); a SharedArrayBuffer goes shared.
    void sendVoxels(channel.port1, volume.data, controller.signal);
    result.then(
      (analysis) => {
        if (job?.controller === controller) job = null;
        deps.analysis.getState().finish(volume.id, analysis, now() - started);
      },
      (e: Error) => {
        if (job?.controller === controller) job = null;
        if (e.name === 'AbortError') deps.analysis.getState().cancelled(volume.id);
        else deps.analysis.getState().fail(volume.id, e.message);
      },
    );
  };

  const follow = (volume: Volume | null) => {
    if (volume && job?.volumeId === volume.id) return;
    if (volume && deps.analysis.getState().volumeId === volume.id) return;
    stop();
    deps.analysis.getState().reset();
    if (analysable(volume)) run(volume);
  };

  const unsubscribeStudy = deps.study.subscribe((s, prev) => {
    if (s.volume !== prev.volume) follow(s.volume);
  });
  follow(deps.study.getState().volume);

  // A correction renames the levels of the open plan's trajectories (one rename map per change).
  const unsubscribeLabels = deps.analysis.subscribe((s, prev) => {
    const c = s.correction;
    if (!c || c === prev.correction || !deps.plans) return;
    const plans = deps.plans.getState();
    for (const t of selectActivePlan(plans)?.trajectories ?? []) {
      const level = renameInText(t.level, c.lastRenamed);
      if (level !== t.level) plans.updateTrajectory(t.id, { level });
    }
  });

  return {
    cancel: () => {
      const id = job?.volumeId;
      stop();
      if (id) deps.analysis.getState().cancelled(id);
    },
    restart: () => {
      const v = deps.study.getState().volume;
      if (analysable(v)) run(v);
    },
    dispose: () => {
      stop();
      unsubscribeStudy();
      unsubscribeLabels();
    },
  };
}
