import type { ReactNode } from 'react';
import { useViewStore, VIEWPORT_IDS, type ViewportId } from '../state/viewStore';

export const VIEWPORT_TITLES: Record<ViewportId, string> = {
  '3d': '3D',
  axial: 'Axial',
  sagittal: 'Sagittal',
  coronal: 'Coronal',
};

/** 2x2 layout (3D + three 2D views); any one can be maximised and restored. */
export function ViewportGrid({ viewports }: { viewports: Partial<Record<ViewportId, ReactNode>> }) {
  const maximized = useViewStore((s) => s.maximized);
  const toggleMaximized = useViewStore((s) => s.toggleMaximized);
  return (
    <div className={`viewport-grid${maximized ? ' maximized' : ''}`} data-testid="viewport-grid">
      {VIEWPORT_IDS.map((id) => {
        if (maximized && maximized !== id) return null;
        return (
          <section
            key={id}
            className="viewport"
            data-testid={`viewport-${id}`}
            aria-label={`${VIEWPORT_TITLES[id]} view`}
          >
            <div className="viewport-title" onDoubleClick={() => toggleMaximized(id)}>
              <span>{VIEWPORT_TITLES[id]}</span>
              <button
                type="button"
                className="ghost small"
                data-testid={`maximize-${id}`}
                onClick={() => toggleMaximized(id)}
                title={maximized === id ? 'Restore 2x2 layout (Esc)' : 'Maximise this view'}
              >
                {maximized === id ? 'Restore' : 'Maximise'}
              </button>
            </div>
            <div className="viewport-body">
              {viewports[id] ?? <div className="viewport-placeholder">-</div>}
            </div>
          </section>
        );
      })}
    </div>
  );
}
