import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { assessCapabilities } from './core/capabilities';
import { probeGpu } from './render/probeGpu';
import { SharedCanvas } from './scene/SharedCanvas';
import { viewportSlots } from './scene/viewportSlots';
import { useCapabilityStore } from './state/capabilityStore';
import { useStudyStore } from './state/studyStore';
import { useViewStore } from './state/viewStore';
import { App } from './ui/App';
import { type AppActions, AppActionsContext } from './ui/appActions';
import { CapabilityBlocker } from './ui/CapabilityBlocker';
import './ui/styles.css';

/** Composition root: the only module that sees every layer. */
const gpu = probeGpu();
const assessment = assessCapabilities(gpu);
useCapabilityStore.getState().setCapabilities(gpu, assessment);

const actions: AppActions = {
  openFiles: (files) => {
    useStudyStore.getState().setError(
      'Opening DICOM files is not available in this build yet.',
      files.map((f) => ({ path: f.path, reason: 'not read' })),
    );
  },
  openDemo: () => {
    useStudyStore.getState().setError('The demo case is not available in this build yet.');
  },
  closeCase: () => useStudyStore.getState().close(),
};

/**
 * Stores exposed for end-to-end tests and for support (they hold data only: no renderer objects).
 * The page is same-origin only under CSP, so this gives no one else access.
 */
Object.assign(window, { __spineplan: { studyStore: useStudyStore, viewStore: useViewStore } });

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    {assessment.canRun ? (
      <AppActionsContext.Provider value={actions}>
        <App
          slots={{
            viewports: viewportSlots,
            panel: {},
            renderCanvas: (eventSource) => <SharedCanvas eventSource={eventSource} />,
          }}
        />
      </AppActionsContext.Provider>
    ) : (
      <CapabilityBlocker assessment={assessment} />
    )}
  </StrictMode>,
);
