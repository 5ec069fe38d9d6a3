import { SurfaceExportButtons } from './SurfaceExportButtons';
import { surfaceStore, useSurfaceStore } from './surfaceStore';

/** 3D view overlay: bone-surface toggle, what it is doing, and the export buttons. */
export function SurfaceControls({ patient }: { patient?: string }) {
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
        ? `${triangles.toLocaleString('en')} triangles at ${isoHu} HU`
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
          onChange={(event) => surfaceStore.setState({ enabled: event.target.checked })}
        />{' '}
        Bone surface
      </label>
      <span data-testid="surface-status" role="status">
        {status}
      </span>
      <SurfaceExportButtons patient={patient} />
    </div>
  );
}
