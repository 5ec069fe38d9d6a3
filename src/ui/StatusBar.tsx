import { formatLps } from '../core/format';
import { useCapabilityStore } from '../state/capabilityStore';
import { useStudyStore } from '../state/studyStore';
import { useViewStore } from '../state/viewStore';
import { AnalysisStatus } from './analysis/AnalysisStatus';
import { useAppActions } from './appActions';

/** Cursor HU and LPS position, plus what the GPU allows. */
export function StatusBar() {
  const cursor = useViewStore((s) => s.cursor);
  const modality = useStudyStore((s) => s.volume?.metadata.modality);
  const gpu = useCapabilityStore((s) => s.gpu);
  const assessment = useCapabilityStore((s) => s.assessment);
  const unit = modality === 'CT' ? 'HU' : '';
  const actions = useAppActions();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="cursor-value">
        {cursor?.value != null ? `${Math.round(cursor.value)} ${unit}` : `- ${unit}`}
      </span>
      <span data-testid="cursor-lps">{cursor ? formatLps(cursor.lps) : 'Move over a view for position'}</span>
      <AnalysisStatus onCancel={actions.cancelAnalysis} onRestart={actions.restartAnalysis} />
      <span className="spacer" />
      {assessment?.notices.map((n) => (
        <span key={n} className="notice" title={n}>
          !
        </span>
      ))}
      <span data-testid="gpu-report" className="muted">
        {gpu
          ? `WebGL2 ${gpu.webgl2 ? 'yes' : 'no'} · 3D tex ${gpu.max3dTextureSize} · float-linear ${gpu.floatLinear ? 'yes' : 'no'} · ${gpu.renderer}`
          : 'GPU not probed'}
      </span>
    </footer>
  );
}
