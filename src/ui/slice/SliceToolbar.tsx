import type { CSSProperties } from 'react';
import { ZOOM_STEP } from '../../core/zoomSteps';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';
import type { SlabMode } from '../../state/sliceStore';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import type { WindowPresetId } from '../../volume/windowPresets';
import { WINDOW_PRESETS } from '../../volume/windowPresets';
import { LevelLabelsToggle } from '../analysis/LevelLabelsToggle';

const SLAB_CHOICES_MM = [0, 2, 5, 10, 20];
/** Second row, so the top orientation letter stays visible in narrow views. */
const bar: CSSProperties = {
  top: 24,
  right: 6,
  display: 'flex',
  gap: 3,
  pointerEvents: 'auto',
  alignItems: 'center',
  // In the small places of the 1+3 layouts the controls wrap instead of running off the view's left edge.
  flexWrap: 'wrap',
  justifyContent: 'flex-end',
  maxWidth: 'calc(100% - 12px)',
};
const control: CSSProperties = { fontSize: 11, padding: '1px 3px' };
/**
 * The selects at a fixed width (a select is otherwise as wide as its longest option): with them the toolbar
 * stays one row in a 2x2 view at 1280x800 (standard and needle views) and two in the small views of the 1+3
 * layouts; every row it takes is a row of image lost (the view fits the image below it). The preset shows by name (its W/L is the view's bottom-left text, and the title).
 */
const presetSelect: CSSProperties = { ...control, width: 96 };
const slabSelect: CSSProperties = { ...control, width: 76 };

/**
 * New trajectory, zoom, window preset and slab controls for one view (the mouse does the same; these are
 * discoverable).
 */
export function SliceToolbar({ orientation }: { orientation: SliceOrientation }) {
  const settings = useSliceStore((s) => s.views[orientation]);
  const preset = useSliceStore((s) => s.windowPreset);
  const store = useSliceStore.getState;
  const caseOpen = usePlanStore((s) => s.activeCaseKey !== null);
  const placing = usePlacementStore((s) => s.mode !== 'none');
  const layout = useSliceStore((s) => s.layout);
  const hasSelection = usePlanStore((s) => s.selectedTrajectoryId !== null);
  return (
    <div
      className="viewport-overlay"
      style={bar}
      data-testid={`slice-toolbar-${orientation}`}
      // The view keeps its fitted image and level labels below this band (VIEW_BAND_ATTRIBUTE).
      data-view-band="top"
    >
      <button
        type="button"
        style={control}
        data-testid={`new-trajectory-${orientation}`}
        title="New trajectory: click the target, then the skin entry, in any 2D view"
        disabled={!caseOpen || placing}
        onClick={() => usePlacementStore.getState().startNewTrajectory()}
      >
        + Needle
      </button>
      <button
        type="button"
        style={{ ...control, fontWeight: layout === 'needle' ? 700 : undefined }}
        data-testid={`needle-layout-${orientation}`}
        aria-pressed={layout === 'needle'}
        title="Needle views: lock the 2D views to the selected trajectory (two planes along it, one across it)"
        disabled={layout === 'standard' && !hasSelection}
        onClick={() => store().setLayout(layout === 'needle' ? 'standard' : 'needle')}
      >
        {layout === 'needle' ? 'Standard views' : 'Needle views'}
      </button>
      <button
        type="button"
        style={control}
        title="Zoom out"
        onClick={() => store().setZoom(orientation, settings.zoom / ZOOM_STEP)}
      >
        −
      </button>
      <button
        type="button"
        style={control}
        title="Zoom in (Ctrl+wheel)"
        onClick={() => store().setZoom(orientation, settings.zoom * ZOOM_STEP)}
      >
        +
      </button>
      <button
        type="button"
        style={control}
        title="Fit the volume"
        onClick={() => store().resetView(orientation)}
      >
        Fit
      </button>
      <LevelLabelsToggle testId={`level-labels-toggle-${orientation}`} style={control} />
      <select
        style={presetSelect}
        title={
          preset === null
            ? 'Custom W/L'
            : `Window preset: ${WINDOW_PRESETS[preset].label} (W ${WINDOW_PRESETS[preset].width} L ${WINDOW_PRESETS[preset].level})`
        }
        aria-label="Window preset"
        data-testid={`window-preset-${orientation}`}
        value={preset ?? ''}
        onChange={(e) => e.target.value && store().applyPreset(e.target.value as WindowPresetId)}
      >
        {preset === null && <option value="">Custom W/L</option>}
        {(Object.keys(WINDOW_PRESETS) as WindowPresetId[]).map((id) => (
          <option key={id} value={id} title={`W ${WINDOW_PRESETS[id].width} L ${WINDOW_PRESETS[id].level}`}>
            {WINDOW_PRESETS[id].label}
          </option>
        ))}
      </select>
      <select
        style={slabSelect}
        aria-label="Slab thickness"
        data-testid={`slab-${orientation}`}
        value={settings.slabMm}
        onChange={(e) => store().setSlab(orientation, Number(e.target.value))}
      >
        {SLAB_CHOICES_MM.map((mm) => (
          <option key={mm} value={mm}>
            {mm === 0 ? 'Slice' : `Slab ${mm} mm`}
          </option>
        ))}
      </select>
      {settings.slabMm > 0 && (
        <select
          style={control}
          aria-label="Slab mode"
          value={settings.slabMode}
          onChange={(e) => store().setSlab(orientation, settings.slabMm, e.target.value as SlabMode)}
        >
          <option value="mip">MIP</option>
          <option value="mean">Mean</option>
        </select>
      )}
    </div>
  );
}
