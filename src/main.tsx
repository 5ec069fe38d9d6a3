import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createAcquiredImagesSource } from './app/acquiredImages';
import { brickRangesInWorker } from './app/brickRangesInWorker';
import { createReviewIo } from './app/caseBundle';
import { deidentifySeriesInWorker } from './app/deidentifySeries';
import { DEMO_CASE_NAME, demoSeries } from './app/demoCase';
import { createPacsActions } from './app/pacsSession';
import { createPlanObjectsExport } from './app/planObjectsExport';
import { createPlanReportImages } from './app/planReportSource';
import { setSegmentationWorker } from './app/planSegmentation';
import { startPrintJobs } from './app/printModelJob';
import { createReadoutSource } from './app/readoutContext';
import { startRecentCases } from './app/recentCases';
import { startSpineAnalysis } from './app/spineAnalysis';
import { createStudyLoader } from './app/studyLoader';
import { createTrainingIo } from './app/trainingPackageIo';
import './app/startPlanSync';
import { assessCapabilities, type CapabilityAssessment } from './core/capabilities';
import { extractFrame } from './dicom/extractFrame';
import type { DecodedFrame } from './dicom/types';
import { probeGpuOffMainThread } from './render/probeGpu';
import {
  setBrickRangesMaker,
  sharedVolumeTextureBytes,
  sharedVolumeTextureComplete,
  volumeTextureUploaded,
} from './render/volumeTextureCache';
import { CaseSyncs } from './scene/CaseSyncs';
import { SharedCanvas } from './scene/SharedCanvas';
import { type ViewChrome, ViewChromeContext } from './scene/viewChrome';
import { viewportSlots } from './scene/viewportSlots';
import { brickMapsAwaited } from './scene/volume3d/useEmptySpaceSkipping';
import { volumeDrawCount } from './scene/volume3d/useVolumeUpload';
import { useAnalysisStore } from './state/analysisStore';
import { useCapabilityStore } from './state/capabilityStore';
import { useCarmStore } from './state/carmStore';
import { useMeasureStore } from './state/measureStore';
import { usePacsStore } from './state/pacsStore';
import { usePlacementStore } from './state/placementStore';
import { selectActivePlan, usePlanStore } from './state/planStore';
import { usePrintStore } from './state/printStore';
import { useRecentCasesStore } from './state/recentCasesStore';
import { useRenderStore } from './state/renderStore';
import { useSliceStore } from './state/sliceStore';
import { useStudyStore } from './state/studyStore';
import { useSurfaceStore } from './state/surfaceStore';
import { useTraineeStore } from './state/traineeStore';
import { useViewStore } from './state/viewStore';
import { useXrStore } from './state/xrStore';
import { App } from './ui/App';
import { AcquiredImagesContext } from './ui/acquired/acquiredSource';
import { type AppActions, AppActionsContext } from './ui/appActions';
import { CapabilityBlocker } from './ui/CapabilityBlocker';
import { CarmControls } from './ui/carm/CarmControls';
import { ExposureIndicator } from './ui/carm/ExposureIndicator';
import { ViewportModeTabs } from './ui/carm/ViewportModeTabs';
import { MeasurementsPanel } from './ui/measure/MeasurementsPanel';
import { PacsCaseBar } from './ui/pacs/PacsCaseBar';
import { PacsDialog } from './ui/pacs/PacsDialog';
import { PlanPanel } from './ui/plan/PlanPanel';
import { PrintActionsContext, PrintPanel } from './ui/print/PrintPanel';
import { PlanReportContext, type PlanReportSource } from './ui/report/reportSource';
import { ReviewPanel } from './ui/review/ReviewPanel';
import { PlacementHint } from './ui/slice/PlacementHint';
import { SliceToolbar } from './ui/slice/SliceToolbar';
import { TrainingPanel } from './ui/trainee/TrainingPanel';
import { CropPanel } from './ui/volume3d/CropPanel';
import { TransferFunctionEditor } from './ui/volume3d/TransferFunctionEditor';
import { Volume3DToolbar } from './ui/volume3d/Volume3DToolbar';
import type { Volume } from './volume/volume';
import type { DecodeRequest } from './workers/decodeWorker';
import { createWorkerPool, defaultPoolSize } from './workers/workerPool';
import { XrEntry } from './xr/XrEntry';
import { xrSceneSnapshot } from './xr/xrSceneProbe';
import './ui/styles.css';

/** Composition root: the only module that sees every layer. */
const gpuProbe = probeGpuOffMainThread(
  () => new Worker(new URL('./render/gpuProbeWorker.ts', import.meta.url), { type: 'module' }),
);

/** A byte-flipped JPEG-LS stream took CharLS 10-15 s to reject (fuzz bench): stop any single frame after 20 s. */
const DECODE_TIMEOUT_MS = 20_000;
const decodePool = createWorkerPool<DecodeRequest, DecodedFrame>(
  () => new Worker(new URL('./workers/decodeWorker.ts', import.meta.url), { type: 'module' }),
  defaultPoolSize(navigator.hardwareConcurrency),
  DECODE_TIMEOUT_MS,
  (request) => `decoding ${request.parsed.instance.path}`,
);

const loader = createStudyLoader((parsed, frameIndex) => {
  const frame = extractFrame(parsed, frameIndex);
  return decodePool.run({ parsed: frame }, [frame.bytes.buffer as ArrayBuffer]);
});

/** DICOMweb search/open/store-back; a PACS series goes through the same loader as local files. */
const pacsActions = createPacsActions((name, source) => loader.open(name, source), {
  // The stored report PDF shows what the report view shows (sources defined below, used only when storing).
  contextFor: (level) => readoutSource.contextFor(level),
  imagesFor: (t, position) => planReport.imagesFor(t, position),
  position: () => useCarmStore.getState().patientPosition,
});

/**
 * Resolves once the shared canvas has made its WebGL context and drawn its first frame (or after 3 s without
 * one). The demo's generating workers wait for it: started before, they took both cores while the page made
 * that context (a synchronous wait on the GPU process: ~50 ms became 85-240 ms) and then while it committed
 * the canvas's scene (a 208-239 ms task in 3 of 6 visits; issue 20).
 */
let sharedCanvasMade: () => void = () => undefined;
const SHARED_CANVAS_WAIT_MS = 3_000;
const sharedCanvasReady = Promise.race([
  new Promise<void>((resolve) => {
    sharedCanvasMade = resolve;
  }),
  new Promise<void>((resolve) => setTimeout(resolve, SHARED_CANVAS_WAIT_MS)),
]);

/** Two animation frames and a task after the canvas is made: its scene's first commit and frame are done. */
const afterCanvasSettled = () =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(sharedCanvasMade, 0)));

const createPhantomWorker = () =>
  new Worker(new URL('./workers/phantomWorker.ts', import.meta.url), { type: 'module' });

/**
 * Resolves once the volume's texture is whole on the GPU and the next frames have been drawn: work the user
 * does not wait for (spine analysis, Recent cases) starts after the case's first 3D picture (issue 20).
 * Within 15 s in any case, should no view ask for the texture.
 */
const FIRST_FRAME_FALLBACK_MS = 15_000;
const afterFirstFrame = (volume: Volume) =>
  Promise.race([
    volumeTextureUploaded(volume).then(
      () =>
        new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
        ),
    ),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_FRAME_FALLBACK_MS)),
  ]);

/** Automatic spine analysis (issue 16): starts by itself when a CT opens, in its own worker. */
const spineAnalysis = startSpineAnalysis({
  afterFirstFrame,
  study: useStudyStore,
  analysis: useAnalysisStore,
  plans: usePlanStore,
  createWorker: () => new Worker(new URL('./workers/analysisWorker.ts', import.meta.url), { type: 'module' }),
});

/** The 3D view's brick ranges are made in a worker while the volume texture uploads (issue 20). */
setBrickRangesMaker(
  brickRangesInWorker(
    () => new Worker(new URL('./workers/brickRangesWorker.ts', import.meta.url), { type: 'module' }),
  ),
);

/** The no-go Segmentation of "Store plan" and "Export DICOM" is built in its own worker (issue 20). */
setSegmentationWorker(
  () => new Worker(new URL('./workers/segWorker.ts', import.meta.url), { type: 'module' }),
);

/** The 3D print of the open case (issue 23), made in its own worker from the spine analysis's vertebrae. */
const printJobs = startPrintJobs({
  study: useStudyStore,
  analysis: useAnalysisStore,
  print: usePrintStore,
  createWorker: () => new Worker(new URL('./workers/printWorker.ts', import.meta.url), { type: 'module' }),
  plans: usePlanStore,
  activePlan: () => selectActivePlan(usePlanStore.getState()),
  setHeadsetPits: (fiducials) => useXrStore.getState().setPrintFiducials(fiducials),
});

/**
 * The "Acquired images" view loads with cornerstone-core when first opened: that library's evaluation is
 * not on the app's start-up task (issue 20: the bundle's evaluation at navigation was 120-220 ms here).
 */
const AcquiredImagesView = lazy(() =>
  import('./ui/acquired/AcquiredImagesView').then((m) => ({ default: m.AcquiredImagesView })),
);

/** The series' stored images for the cornerstone-core "Acquired images" view (issue 19). */
const acquiredImages = createAcquiredImagesSource(loader);

/** Recent cases on the start screen (issue 19): images kept in IndexedDB, reopened with their plan. */
const recentCases = startRecentCases({
  afterFirstFrame,
  activeSeriesBlobs: () => loader.activeSeriesBlobs(),
  openFiles: (name, files) => void loader.open(name, files),
  openDemo: () => actions.openDemo(),
});

const actions: AppActions = {
  openFiles: (files) => {
    // A dropped or picked folder is named after the folder; loose files after their count.
    const first = files[0]?.path ?? '';
    const name =
      files.length === 1 ? first : first.includes('/') ? first.split('/')[0]! : `${files.length} files`;
    void loader.open(
      name,
      files.map((f) => ({ path: f.path, blob: f.file })),
    );
  },
  openDemo: () => {
    void loader.open(DEMO_CASE_NAME, async (signal) => {
      const { files, truth, outcome } = await demoSeries(
        createPhantomWorker,
        (done, total) =>
          useStudyStore.getState().setProgress({ phase: 'Generating the demo phantom', done, total }),
        signal,
        sharedCanvasReady,
      );
      useStudyStore.getState().setDemoTruth(truth);
      return { files, outcome };
    });
  },
  openPacs: () => usePacsStore.getState().setDialogOpen(true),
  openSeries: (key) => void loader.openSeries(key),
  cancelLoading: () => loader.cancel(),
  closeCase: () => loader.close(),
  cancelAnalysis: () => spineAnalysis.cancel(),
  restartAnalysis: () => spineAnalysis.restart(),
  openRecent: (id) => recentCases.open(id),
  forgetRecent: (id) => void recentCases.forget(id),
};

/**
 * Stores exposed for end-to-end tests and for support (they hold data only: no renderer objects).
 * The page is same-origin only under CSP, so this gives no one else access.
 */
Object.assign(window, {
  __spineplan: {
    studyStore: useStudyStore,
    viewStore: useViewStore,
    sliceStore: useSliceStore,
    renderStore: useRenderStore,
    capabilityStore: useCapabilityStore,
    planStore: usePlanStore,
    placementStore: usePlacementStore,
    measureStore: useMeasureStore,
    carmStore: useCarmStore,
    surfaceStore: useSurfaceStore,
    pacsStore: usePacsStore,
    xrStore: useXrStore,
    traineeStore: useTraineeStore,
    analysisStore: useAnalysisStore,
    printStore: usePrintStore,
    recentCasesStore: useRecentCasesStore,
    /** The headset overlay's world matrix and visible parts (xr/xrSceneProbe.ts), while a session runs. */
    xrScene: xrSceneSnapshot,
    /** GPU bytes of the shared volume texture (issue 20: 2 a voxel; 0 once the case is closed). */
    gpu: {
      volumeTextureBytes: sharedVolumeTextureBytes,
      /** Whether the texture's slab upload has finished (the 3D view draws from then on). */
      volumeTextureComplete: sharedVolumeTextureComplete,
      /** Draws of the raymarched volume since the page loaded (the bench's first-3D-frame mark). */
      volumeDraws: volumeDrawCount,
      /** 3D views still waiting for the brick map of their transfer function (drawn without skipping meanwhile). */
      brickMapsAwaited,
    },
  },
});

/** HU sampler and demo truth for the plan panel's readouts (the UI layer may not see the Volume). */
const readoutSource = createReadoutSource(useStudyStore, useAnalysisStore);
/** Packages and case bundles de-identify their series in a worker (issue 20), one worker per export. */
const deidentifySeries = deidentifySeriesInWorker(
  () => new Worker(new URL('./workers/deidWorker.ts', import.meta.url), { type: 'module' }),
);
/** Trainee mode's package files (issue 11): the open series' files travel in the package; opened by the loader. */
const trainingIo = createTrainingIo({
  openFiles: (name, files) => loader.open(name, files),
  openDemo: actions.openDemo,
  activeSeriesFiles: () => loader.activeSeriesFiles(),
  deidentifySeries,
});
/** Review, sign-off and case bundles (issue 22): bundles open through the same loader as any files. */
const reviewIo = createReviewIo({
  openFiles: (name, files) => loader.open(name, files),
  openDemo: actions.openDemo,
  activeSeriesFiles: () => loader.activeSeriesFiles(),
  deidentifySeries,
});
/** The printable report's readouts and CPU pictures (ui/report; the UI layer may not see the Volume). */
const planReportImages = createPlanReportImages(useStudyStore);
const planReport: PlanReportSource = {
  readouts: readoutSource,
  ...planReportImages,
  // The plan's DICOM objects (SR + SEG + PDF) as a zip, without a PACS (issue 21).
  exportDicom: createPlanObjectsExport({
    contextFor: (level) => readoutSource.contextFor(level),
    imagesFor: planReportImages.imagesFor,
    position: () => useCarmStore.getState().patientPosition,
  }),
};

/** The ui controls drawn over the scene's viewports (scene/viewChrome.ts says where they go). */
const viewChrome: ViewChrome = {
  viewportModeTabs: () => <ViewportModeTabs />,
  carmControls: (p) => <CarmControls {...p} />,
  exposureIndicator: (p) => <ExposureIndicator {...p} />,
  sliceToolbar: (p) => <SliceToolbar {...p} />,
  placementHint: (p) => <PlacementHint {...p} />,
  volume3dToolbar: (p) => <Volume3DToolbar {...p} />,
  transferFunctionEditor: (p) => <TransferFunctionEditor {...p} />,
  cropPanel: (p) => <CropPanel {...p} />,
};

function renderApp(assessment: CapabilityAssessment) {
  const rootElement = document.getElementById('root');
  if (!rootElement) throw new Error('index.html has no #root element');
  createRoot(rootElement).render(
    <StrictMode>
      {assessment.canRun ? (
        <AppActionsContext.Provider value={actions}>
          <ViewChromeContext.Provider value={viewChrome}>
            <App
              slots={{
                viewports: viewportSlots,
                panel: {
                  plan: (
                    <PlanReportContext.Provider value={planReport}>
                      <PlanPanel readouts={readoutSource} caseBar={<PacsCaseBar actions={pacsActions} />} />
                    </PlanReportContext.Provider>
                  ),
                  review: <ReviewPanel io={reviewIo} readouts={readoutSource} />,
                  measurements: <MeasurementsPanel />,
                  training: <TrainingPanel io={trainingIo} />,
                  print: (
                    <PrintActionsContext.Provider value={printJobs}>
                      <PrintPanel />
                    </PrintActionsContext.Provider>
                  ),
                },
                renderCanvas: (eventSource) => (
                  <SharedCanvas eventSource={eventSource} onCreated={afterCanvasSettled} />
                ),
                acquired: (
                  <AcquiredImagesContext.Provider value={acquiredImages}>
                    <Suspense fallback={null}>
                      <AcquiredImagesView />
                    </Suspense>
                  </AcquiredImagesContext.Provider>
                ),
              }}
            />
          </ViewChromeContext.Provider>
          <CaseSyncs />
          <PacsDialog actions={pacsActions} />
          <XrEntry readoutContextFor={(level) => readoutSource.contextFor(level)} />
        </AppActionsContext.Provider>
      ) : (
        <CapabilityBlocker assessment={assessment} />
      )}
    </StrictMode>,
  );
}

/** The demo opens by itself on the first visit (issue 4); later visits start empty. `?demo=0` opts out. */
const FIRST_VISIT_KEY = 'spineplan.visited';
const params = new URLSearchParams(window.location.search);
const wantsDemo =
  params.get('demo') === '1' || (params.get('demo') !== '0' && !localStorage.getItem(FIRST_VISIT_KEY));
// The demo's cache lookup (IndexedDB, no CPU) runs while the GPU is asked; its generating workers wait for
// the shared canvas (sharedCanvasReady). A browser the probe turns away has it cancelled.
const demoStarted = wantsDemo && typeof WebGL2RenderingContext !== 'undefined';
if (demoStarted) actions.openDemo();
void gpuProbe.then((gpu) => {
  const assessment = assessCapabilities(gpu);
  useCapabilityStore.getState().setCapabilities(gpu, assessment);
  renderApp(assessment);
  if (assessment.canRun && wantsDemo) localStorage.setItem(FIRST_VISIT_KEY, new Date().toISOString());
  if (!assessment.canRun && demoStarted) loader.cancel();
});
