import type { ViewportId } from '../../state/viewStore';

/** Placeholder until the 2D slice views land. */
export function SliceView({ orientation }: { orientation: Exclude<ViewportId, '3d'> }) {
  return <div className="viewport-placeholder">{orientation} slices</div>;
}
