import { useEffect } from 'react';
import { errorMessage } from '../../core/errors';
import { surfaceKey, useSurfaceStore } from '../../state/surfaceStore';
import type { Volume } from '../../volume/volume';
import { runSurfaceJob } from './surfaceWorkerClient';

/**
 * Keeps the store's mesh in step with the volume and settings while the surface is enabled: starts a
 * worker job when the mesh is missing or stale, cancels it when the inputs change or the view unmounts.
 * A finished mesh stays cached while the surface is toggled off and on.
 */
export function useSurfaceJob(volume: Volume): void {
  const enabled = useSurfaceStore((s) => s.enabled);
  const isoHu = useSurfaceStore((s) => s.isoHu);
  const maxTriangles = useSurfaceStore((s) => s.maxTriangles);
  useEffect(() => {
    if (!enabled) return;
    const key = surfaceKey(volume.id, isoHu, maxTriangles);
    if (useSurfaceStore.getState().meshKey === key) return;
    useSurfaceStore.setState({ phase: 'working', progress: 0, error: null });
    const job = runSurfaceJob(volume, { isoValue: isoHu, maxTriangles }, (progress) =>
      useSurfaceStore.setState({ progress }),
    );
    let current = true;
    job.result.then(
      ({ mesh, stats }) => {
        if (current) useSurfaceStore.setState({ phase: 'ready', progress: 1, mesh, stats, meshKey: key });
      },
      (thrown: unknown) => {
        if (current) useSurfaceStore.setState({ phase: 'error', error: errorMessage(thrown) });
      },
    );
    return () => {
      current = false;
      job.cancel();
      if (useSurfaceStore.getState().phase === 'working') useSurfaceStore.setState({ phase: 'idle' });
    };
  }, [enabled, volume, isoHu, maxTriangles]);
}
