import type { CSSProperties } from 'react';
import { ZOOM_STEP } from '../../core/zoomSteps';
import { useAnalysisStore } from '../../state/analysisStore';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';
import type { SlabMode } from '../../state/sliceStore';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import type { WindowPresetId } from '../../volume/windowPresets';
import { WINDOW_PRESETS } from '../../volume/windowPresets';
import { LevelLabelsToggle } from '../analysis/LevelLabelsToggle';
import { OverflowRow, type OverflowRowItem } from '../overflow/OverflowRow';

const SLAB_CHOICES_MM = [0, 2, 5, 10, 20];
/**
 * Second row of the view (below the top orientation letter and the slice position), across its width less a
 * 6 px margin on each side: the controls are one row at any view width, the rest in the More menu, so the
 * band the view keeps its image out of stays one control high.
 */
const area: CSSProperties = { top: 24, left: 6, right: 6 };
const control: CSSProperties = { fontSize: 11, padding: '1px 3px' };
/**
 * The selects as wide as their longest option (Chromium sizes a select so), so the chosen preset or slab is
 * read in full and the row's widths do not change with the choice; what does not fit goes to More.
 */
const presetSelect: CSSProperties = control;
const slabSelect: CSSProperties = control;

/**
 * Which controls stay in a narrow view's row longest (1 first): the window preset (it decides whether bone or
 * soft tissue is readable), + Needle (the only start of a trajectory), the slab, Fit (the only way back to
 * the whole volume, or to the needle's frame in a needle view), zoom (Ctrl+wheel does the same), the
 * needle-views switch (one switch for all views) and the vertebra names (the same switch is in the 3D view).
 */
const PRIORITY = { preset: 1, needle: 2, slab: 3, fit: 4, zoom: 5, needleLayout: 6, levels: 7 } as const;

/**
 * New trajectory, zoom, window preset and slab controls for one view (the mouse does the same; these are
 * discoverable), in one row with a More menu for what does not fit.
 */
export function SliceToolbar({ orientation }: { orientation: SliceOrientation }) {
  const settings = useSliceStore((s) => s.views[orientation]);
  const preset = useSliceStore((s) => s.windowPreset);
  const store = useSliceStore.getState;
  const caseOpen = usePlanStore((s) => s.activeCaseKey !== null);
  const placing = usePlacementStore((s) => s.mode !== 'none');
  const layout = useSliceStore((s) => s.layout);
  const hasSelection = usePlanStore((s) => s.selectedTrajectoryId !== null);
  const levelsFound = useAnalysisStore((s) => s.analysis?.found === true);
  // A needle-locked view's Fit frames the selected needle (volume/needleFraming), not the whole volume.
  const needleLocked = layout === 'needle' && hasSelection;

  const items: OverflowRowItem[] = [
    {
      id: 'needle',
      priority: PRIORITY.needle,
      name: 'New trajectory',
      node: (
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
      ),
    },
    {
      id: 'needle-layout',
      priority: PRIORITY.needleLayout,
      name: layout === 'needle' ? 'Standard views' : 'Needle views',
      node: (
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
      ),
    },
    {
      id: 'zoom',
      priority: PRIORITY.zoom,
      name: 'Zoom',
      menuLabel: 'Zoom',
      node: (
        <>
          <button
            type="button"
            style={control}
            title="Zoom out"
            aria-label="Zoom out"
            onClick={() => store().setZoom(orientation, settings.zoom / ZOOM_STEP)}
          >
            −
          </button>
          <button
            type="button"
            style={control}
            title="Zoom in (Ctrl+wheel)"
            aria-label="Zoom in"
            onClick={() => store().setZoom(orientation, settings.zoom * ZOOM_STEP)}
          >
            +
          </button>
        </>
      ),
    },
    {
      id: 'fit',
      priority: PRIORITY.fit,
      name: 'Fit',
      node: (
        <button
          type="button"
          style={control}
          title={needleLocked ? 'Fit the needle' : 'Fit the volume'}
          onClick={() => store().resetView(orientation)}
        >
          Fit
        </button>
      ),
    },
    ...(levelsFound
      ? [
          {
            id: 'levels',
            priority: PRIORITY.levels,
            name: 'Vertebra names',
            node: <LevelLabelsToggle testId={`level-labels-toggle-${orientation}`} style={control} />,
          },
        ]
      : []),
    {
      id: 'preset',
      priority: PRIORITY.preset,
      name: 'Window preset',
      menuLabel: 'Window',
      node: (
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
      ),
    },
    {
      id: 'slab',
      priority: PRIORITY.slab,
      name: 'Slab',
      menuLabel: 'Slab',
      node: (
        <>
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
        </>
      ),
    },
  ];
  return (
    <OverflowRow
      items={items}
      testId={`slice-toolbar-${orientation}`}
      moreTestId={`slice-toolbar-more-${orientation}`}
      areaClassName="viewport-overlay"
      areaStyle={area}
      // The view keeps its fitted image and level labels below this band (VIEW_BAND_ATTRIBUTE).
      rowAttributes={{ 'data-view-band': 'top' }}
    />
  );
}
