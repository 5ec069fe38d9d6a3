import { useRenderStore } from '../../state/renderStore';
import { useSurfaceStore } from '../../state/surfaceStore';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { SurfaceExportButtons } from './SurfaceExportButtons';

/**
 * 3D view overlay: bone-surface toggle, what it is doing, and the export buttons. `shown` is the surface as
 * the 3D view draws it (without the couch while "Remove couch" is on); `couchFound` offers that switch.
 */
export function SurfaceControls({
  patient,
  shown,
  couchFound,
}: {
  patient?: string;
  shown: SurfaceMesh | null;
  couchFound: boolean;
}) {
  const removeCouch = useRenderStore((s) => s.removeCouch);
  const enabled = useSurfaceStore((s) => s.enabled);
  const phase = useSurfaceStore((s) => s.phase);
  const progress = useSurfaceStore((s) => s.progress);
  const triangles = useSurfaceStore((s) => s.stats?.triangles ?? 0);
  const isoHu = useSurfaceStore((s) => s.isoHu);
  const error = useSurfaceStore((s) => s.error);
  const status =
    phase === 'working'
      ? `extracting ${Math.round(progress * 100)} %`
      : phase === 'ready'
        ? `${((shown?.indices.length ?? 0) / 3).toLocaleString('en')} triangles at ${isoHu} HU${
            couchFound && removeCouch && shown && shown.indices.length / 3 < triangles
              ? ', couch removed'
              : ''
          }`
        : phase === 'error'
          ? (error ?? 'failed')
          : '';
  return (
    <div
      data-testid="surface-controls"
      // the overlay passes pointer events through to the view; the controls take them back
      style={{
        display: 'flex',
        gap: 4,
        alignItems: 'center',
        flexWrap: 'wrap',
        pointerEvents: 'auto',
        fontSize: 11,
      }}
    >
      <label title="Bone isosurface mesh, made in the background">
        <input
          type="checkbox"
          data-testid="surface-toggle"
          checked={enabled}
          onChange={(event) => useSurfaceStore.setState({ enabled: event.target.checked })}
        />{' '}
        Bone surface
      </label>
      {couchFound && (
        <label title="The CT couch, found by the spine analysis, is left out of the 3D view and the bone surface">
          <input
            type="checkbox"
            data-testid="remove-couch"
            checked={removeCouch}
            onChange={(event) => useRenderStore.getState().setRemoveCouch(event.target.checked)}
          />{' '}
          Remove couch
        </label>
      )}
      <span data-testid="surface-status" role="status">
        {status}
      </span>
      <SurfaceExportButtons patient={patient} shown={shown} />
    </div>
  );
}
