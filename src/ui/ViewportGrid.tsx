import type { ReactNode } from 'react';
import { selectSelectedTrajectory, usePlanStore } from '../state/planStore';
import { useSliceStore } from '../state/sliceStore';
import { useTraineeStore } from '../state/traineeStore';
import { useViewStore, VIEWPORT_IDS, type ViewLayout, type ViewportId } from '../state/viewStore';

export const VIEWPORT_TITLES: Record<ViewportId, string> = {
  '3d': '3D',
  axial: 'Axial',
  sagittal: 'Sagittal',
  coronal: 'Coronal',
};

/** Titles of the 2D slots while they are locked to the selected needle (sliceStore layout 'needle'). */
export const NEEDLE_VIEWPORT_TITLES: Record<ViewportId, string> = {
  '3d': '3D',
  axial: 'Needle in-plane A',
  sagittal: 'Needle in-plane B',
  coronal: 'Down the needle',
};

/** Grid area of each view in a layout: the enlarged one is 'main', the others a, b, c in their usual order. */
function gridAreas(layout: ViewLayout, primary: ViewportId): Partial<Record<ViewportId, string>> {
  if (layout === '2x2') return {};
  const others = VIEWPORT_IDS.filter((id) => id !== primary);
  return { [primary]: 'main', [others[0]!]: 'a', [others[1]!]: 'b', [others[2]!]: 'c' };
}

const LAYOUT_CLASS: Record<ViewLayout, string> = {
  '2x2': '',
  '1+3 right': ' layout-right',
  '1+3 below': ' layout-below',
};

/** The four views (3D + three 2D) in the chosen layout; any one can be maximised and restored. */
export function ViewportGrid({
  viewports,
  acquired,
}: {
  viewports: Partial<Record<ViewportId, ReactNode>>;
  /** The "Acquired images" view, shown in the 3D place while it is open. */
  acquired?: ReactNode;
}) {
  const acquiredOpen = useViewStore((s) => s.acquiredOpen) && acquired !== undefined;
  const maximized = useViewStore((s) => s.maximized);
  const toggleMaximized = useViewStore((s) => s.toggleMaximized);
  const layout = useViewStore((s) => s.layout);
  const primary = useViewStore((s) => s.primary);
  const areas = gridAreas(layout, primary);
  const needleLocked = useSliceStore((s) => s.layout) === 'needle';
  const hasTrajectory = usePlanStore((s) => selectSelectedTrajectory(s) !== undefined);
  const titles = needleLocked && hasTrajectory ? NEEDLE_VIEWPORT_TITLES : VIEWPORT_TITLES;
  // A fluoroscopy-only training attempt shows the C-arm alone, as in the room: no CT slices, no 3D (issue 11).
  const fluoroOnly = useTraineeStore((s) => s.attempt?.mode === 'fluoro-only');
  const shown = fluoroOnly ? '3d' : maximized;
  return (
    <div
      className={`viewport-grid${shown ? ' maximized' : LAYOUT_CLASS[layout]}`}
      data-testid="viewport-grid"
      data-layout={shown ? 'maximized' : layout}
    >
      {VIEWPORT_IDS.map((id) => {
        if (shown && shown !== id) return null;
        return (
          <section
            key={id}
            className="viewport"
            data-testid={`viewport-${id}`}
            style={shown ? undefined : { gridArea: areas[id] }}
            aria-label={`${titles[id]} view`}
          >
            <div className="viewport-title" onDoubleClick={() => toggleMaximized(id)}>
              <span data-testid={`viewport-title-${id}`}>
                {id === '3d' && acquiredOpen ? 'Acquired images' : titles[id]}
              </span>
              <span className="spacer" />
              {id === '3d' && acquired !== undefined && !fluoroOnly && (
                <button
                  type="button"
                  className="ghost small"
                  data-testid="acquired-toggle"
                  aria-pressed={acquiredOpen}
                  onClick={() => useViewStore.getState().setAcquiredOpen(!acquiredOpen)}
                  title="The series' images exactly as stored (no reformatting), in place of the 3D view"
                >
                  {acquiredOpen ? '3D view' : 'Acquired images'}
                </button>
              )}
              {layout !== '2x2' && !shown && id !== primary && (
                <button
                  type="button"
                  className="ghost small"
                  data-testid={`enlarge-${id}`}
                  onClick={() => useViewStore.getState().setPrimary(id)}
                  title="Show this view in the large place"
                >
                  Enlarge
                </button>
              )}
              <button
                type="button"
                className="ghost small"
                hidden={fluoroOnly}
                data-testid={`maximize-${id}`}
                onClick={() => toggleMaximized(id)}
                title={maximized === id ? 'Restore 2x2 layout (Esc)' : 'Maximise this view'}
              >
                {maximized === id ? 'Restore' : 'Maximise'}
              </button>
            </div>
            <div className="viewport-body">
              {id === '3d' && acquiredOpen
                ? acquired
                : (viewports[id] ?? <div className="viewport-placeholder">-</div>)}
            </div>
          </section>
        );
      })}
    </div>
  );
}
