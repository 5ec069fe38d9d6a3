import { useRenderStore } from '../../state/renderStore';
import { useSurfaceStore } from '../../state/surfaceStore';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { surfaceStatusText } from './surfaceStatusText';

const labelStyle = { fontSize: 11, display: 'inline-flex', alignItems: 'center', gap: 3 } as const;

/** The bone isosurface's switch (the mesh is made in the background). */
export function BoneSurfaceToggle() {
  const enabled = useSurfaceStore((s) => s.enabled);
  return (
    <label style={labelStyle} title="Bone isosurface mesh, made in the background">
      <input
        type="checkbox"
        data-testid="surface-toggle"
        checked={enabled}
        onChange={(event) => useSurfaceStore.setState({ enabled: event.target.checked })}
      />
      Bone surface
    </label>
  );
}

/** Leaves the CT couch, found by the spine analysis, out of the 3D view and the bone surface. */
export function RemoveCouchToggle() {
  const removeCouch = useRenderStore((s) => s.removeCouch);
  return (
    <label
      style={labelStyle}
      title="The CT couch, found by the spine analysis, is left out of the 3D view and the bone surface"
    >
      <input
        type="checkbox"
        data-testid="remove-couch"
        checked={removeCouch}
        onChange={(event) => useRenderStore.getState().setRemoveCouch(event.target.checked)}
      />
      Remove couch
    </label>
  );
}

/** The bone surface's status line (a status region, so a screen reader hears it change). */
export function SurfaceStatus({ shown, couchFound }: { shown: SurfaceMesh | null; couchFound: boolean }) {
  const removeCouch = useRenderStore((s) => s.removeCouch);
  const phase = useSurfaceStore((s) => s.phase);
  const progress = useSurfaceStore((s) => s.progress);
  const triangles = useSurfaceStore((s) => s.stats?.triangles ?? 0);
  const isoHu = useSurfaceStore((s) => s.isoHu);
  const error = useSurfaceStore((s) => s.error);
  const status = surfaceStatusText(
    { phase, progress, triangles, isoHu, error },
    shown,
    couchFound && removeCouch,
  );
  return (
    <span role="status" style={{ fontSize: 11 }}>
      {status && 'Bone surface: '}
      <span data-testid="surface-status">{status}</span>
    </span>
  );
}
