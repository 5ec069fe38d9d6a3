import { type RenderQuality, VOLUME_PRESET_IDS, type VolumeRenderMode } from '../../core/volumeRendering';
import { useRenderStore } from '../../state/renderStore';
import { VOLUME_PRESETS } from '../../volume/transfer/transferFunctionPresets';

const MODES: { mode: VolumeRenderMode; label: string }[] = [
  { mode: 'composite', label: 'Shaded' },
  { mode: 'mip', label: 'MIP' },
  { mode: 'iso', label: 'Surface' },
];
const QUALITIES: RenderQuality[] = ['low', 'medium', 'high'];

/** Render mode, transfer-function preset (and its editor's toggle) and quality for the 3D view. */
export function RenderControls({
  editorOpen,
  onToggleEditor,
}: {
  editorOpen: boolean;
  onToggleEditor: () => void;
}) {
  const mode = useRenderStore((s) => s.mode);
  const preset = useRenderStore((s) => s.preset);
  const quality = useRenderStore((s) => s.quality);
  const setMode = useRenderStore((s) => s.setMode);
  const setPreset = useRenderStore((s) => s.setPreset);
  const setQuality = useRenderStore((s) => s.setQuality);
  const edited = useRenderStore((s) => s.customTransfer !== null);
  const selectStyle = { pointerEvents: 'auto' as const, fontSize: 11 };
  return (
    <div style={{ display: 'flex', gap: 4 }}>
      <select
        aria-label="Render mode"
        data-testid="render-mode"
        value={mode}
        style={selectStyle}
        onChange={(e) => setMode(e.target.value as VolumeRenderMode)}
      >
        {MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Preset"
        data-testid="render-preset"
        value={preset}
        style={selectStyle}
        onChange={(e) => setPreset(e.target.value as (typeof VOLUME_PRESET_IDS)[number])}
      >
        {VOLUME_PRESET_IDS.map((id) => (
          <option key={id} value={id}>
            {VOLUME_PRESETS[id].label}
            {edited && id === preset ? ' (edited)' : ''}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="ghost small"
        data-testid="tf-editor-toggle"
        aria-pressed={editorOpen}
        title="Transfer-function editor over the HU histogram (right drag on the view: window/level)"
        style={{ pointerEvents: 'auto' }}
        onClick={onToggleEditor}
      >
        {editorOpen ? 'Close editor' : 'Edit'}
      </button>
      <select
        aria-label="Quality"
        data-testid="render-quality"
        value={quality}
        style={selectStyle}
        onChange={(e) => setQuality(e.target.value as RenderQuality)}
      >
        {QUALITIES.map((q) => (
          <option key={q} value={q}>
            {q}
          </option>
        ))}
      </select>
    </div>
  );
}
