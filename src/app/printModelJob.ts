import type { SpineAnalysis } from '../analysis/index';
import { type RpcWorker, runRpc } from '../core/workerRpc';
import type { Plan } from '../planning/planFile';
import { type PlanPrint, type PrintChoice, printRequestFromAnalysis } from '../planning/printSetup';
import type { PrintState } from '../state/printStore';
import type { Volume } from '../volume/volume';
import type { PrintJobRequest, PrintJobResult } from '../workers/printWorker';

interface Store<S> {
  getState: () => S;
  subscribe: (listener: (state: S, previous: S) => void) => () => void;
}

export interface PrintJobDeps {
  study: Store<{ volume: Volume | null }>;
  analysis: Store<{ analysis: SpineAnalysis | null }>;
  print: Store<PrintState>;
  createWorker: () => RpcWorker;
  /** The active plan, which keeps the print's pits (issue 23: "the pit positions saved with the plan"). */
  plans?: Store<{ setPrint: (print: PlanPrint) => void }>;
  activePlan?: () => Plan | undefined;
  /** The headset's registration pits (xrStore.setPrintFiducials): the active plan's print, or none. */
  setHeadsetPits?: (fiducials: PlanPrint['fiducials'] | null) => void;
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
  // The headset registers to the print the active plan keeps (made now or in an earlier session).
  let shownPits: PlanPrint['fiducials'] | null | undefined;
  const syncHeadset = () => {
    const pits = deps.activePlan?.()?.print?.fiducials ?? null;
    if (pits === shownPits) return;
    shownPits = pits;
    deps.setHeadsetPits?.(pits);
  };
  const unsubscribePlans = deps.plans?.subscribe(syncHeadset);
  syncHeadset();
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
          deps.plans?.getState().setPrint({
            vertebrae: `${choice.fromVertebra}-${choice.toVertebra}`,
            spacingMm: request.spacingMm,
            fiducials: result.model.fiducials,
            lpsToPrint: [...result.model.lpsToPrint],
            madeAt: new Date().toISOString(),
          });
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
      unsubscribePlans?.();
    },
  };
}
