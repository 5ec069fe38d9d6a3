import type { SpineAnalysis } from '../analysis/index';
import { type PrintChoice, printRequestFromAnalysis } from '../planning/printSetup';
import type { PrintState } from '../state/printStore';
import type { Volume } from '../volume/volume';
import type { PrintJobRequest, PrintJobResult } from '../workers/printWorker';
import { type RpcWorker, runRpc } from '../workers/rpc';

interface Store<S> {
  getState: () => S;
  subscribe: (listener: (state: S, previous: S) => void) => () => void;
}

export interface PrintJobDeps {
  study: Store<{ volume: Volume | null }>;
  analysis: Store<{ analysis: SpineAnalysis | null }>;
  print: Store<PrintState>;
  createWorker: () => RpcWorker;
}

export interface PrintJobControl {
  /** Makes the print of the chosen vertebrae of the open volume; a string says why it cannot start. */
  make: (choice: PrintChoice, title: string) => string | undefined;
  cancel: () => void;
  dispose: () => void;
}

/**
 * Runs the print model (issue 23) in a worker for the open volume and its spine analysis; drops the
 * result when the case closes or another volume opens (the model holds the patient's anatomy).
 */
export function startPrintJobs(deps: PrintJobDeps): PrintJobControl {
  let controller: AbortController | null = null;
  const cancel = () => {
    controller?.abort();
    controller = null;
  };
  const unsubscribe = deps.study.subscribe((state, previous) => {
    if (state.volume === previous.volume) return;
    cancel();
    deps.print.getState().clear();
  });
  return {
    make(choice, title) {
      const volume = deps.study.getState().volume;
      const analysis = deps.analysis.getState().analysis;
      if (!volume) return 'No series is open.';
      if (!analysis) return 'The spine analysis has not finished: the print needs the vertebrae it found.';
      const request = printRequestFromAnalysis(analysis, choice);
      if (typeof request === 'string') return request;
      cancel();
      const mine = new AbortController();
      controller = mine;
      deps.print.getState().start(volume.id, `${choice.fromVertebra}-${choice.toVertebra}`);
      const job: PrintJobRequest = {
        // Copied by postMessage: the views keep the page's voxels.
        volume: {
          dims: volume.dims,
          data: volume.data,
          ijkToLps: volume.ijkToLps,
          rescaleSlope: volume.rescaleSlope,
          rescaleIntercept: volume.rescaleIntercept,
          spacingMm: volume.spacingMm,
        },
        request,
        title,
      };
      runRpc<PrintJobRequest, PrintJobResult, number>(deps.createWorker, job, {
        signal: mine.signal,
        onProgress: (p) => deps.print.getState().setProgress(p),
      }).then(
        (result) => {
          if (controller !== mine) return;
          controller = null;
          deps.print.getState().finish(result);
        },
        (e: Error) => {
          if (controller !== mine) return;
          controller = null;
          if (e.name === 'AbortError') deps.print.getState().clear();
          else deps.print.getState().fail(e.message);
        },
      );
      return undefined;
    },
    cancel() {
      cancel();
      deps.print.getState().clear();
    },
    dispose() {
      cancel();
      unsubscribe();
    },
  };
}
