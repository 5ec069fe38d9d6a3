import type { CSSProperties } from 'react';
import { type RenderQuality, VOLUME_PRESET_IDS, type VolumeRenderMode } from '../../core/volumeRendering';
import { useRenderStore } from '../../state/renderStore';
import { VOLUME_PRESETS } from '../../volume/transfer/transferFunctionPresets';

const MODES: { mode: VolumeRenderMode; label: string }[] = [
  { mode: 'composite', label: 'Shaded' },
  { mode: 'mip', label: 'MIP' },
  { mode: 'iso', label: 'Surface' },
];
const QUALITIES: RenderQuality[] = ['low', 'medium', 'high'];
const selectStyle = { fontSize: 11 };
/**
 * A panel toggle while its panel is open: filled, its label unchanged, so its width (and so what the one-row
 * toolbar keeps beside it) does not change when it is pressed.
 */
export const PRESSED_TOGGLE: CSSProperties = {
  background: 'var(--accent)',
  borderColor: 'var(--accent)',
  color: '#04111f',
};

/** How the 3D view draws the volume: shaded (transfer function), maximum intensity or first-hit surface. */
export function RenderModeSelect() {
  const mode = useRenderStore((s) => s.mode);
  const setMode = useRenderStore((s) => s.setMode);
  return (
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
  );
}

/** The transfer-function preset (bone, skin, ...), marked "(edited)" while the editor has changed it. */
export function RenderPresetSelect() {
  const preset = useRenderStore((s) => s.preset);
  const setPreset = useRenderStore((s) => s.setPreset);
  const edited = useRenderStore((s) => s.customTransfer !== null);
  return (
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
  );
}

/** Opens and closes the transfer-function editor (the 3D view holds whether it is open and draws it). */
export function TransferEditorToggle({
  editorOpen,
  onToggleEditor,
}: {
  editorOpen: boolean;
  onToggleEditor: () => void;
}) {
  return (
    <button
      type="button"
      className="ghost small"
      data-testid="tf-editor-toggle"
      aria-pressed={editorOpen}
      title={`${editorOpen ? 'Close the' : 'Open the'} transfer-function editor over the HU histogram (right drag on the view: window/level)`}
      style={editorOpen ? PRESSED_TOGGLE : undefined}
      onClick={onToggleEditor}
    >
      Edit
    </button>
  );
}

/** Sampling quality of the 3D view (steps along each ray). */
export function RenderQualitySelect() {
  const quality = useRenderStore((s) => s.quality);
  const setQuality = useRenderStore((s) => s.setQuality);
  return (
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
  );
}
