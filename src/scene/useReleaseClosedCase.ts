import { useEffect } from 'react';
import { disposeVolumeTexture } from '../render/volumeTextureCache';
import { useMeasureStore } from '../state/measureStore';
import { useStudyStore } from '../state/studyStore';
import { useSurfaceStore } from '../state/surfaceStore';

/** Drops the scene's own references to a case that has closed. */
function releaseClosedCase(): void {
  disposeVolumeTexture();
  if (useSurfaceStore.getState().mesh || useSurfaceStore.getState().phase !== 'idle')
    useSurfaceStore.setState({
      mesh: null,
      meshKey: null,
      stats: null,
      phase: 'idle',
      progress: 0,
      error: null,
    });
  useMeasureStore.getState().setRegionStats({});
}

/**
 * When the case closes (or another one starts loading, or the series is switched), the scene's references
 * to it go at once: the shared volume texture (GPU copy and the volume it was made from), the bone surface
 * mesh and the region statistics. The canvas unmounts with the viewports, so every other three.js object dies
 * with its context; these live in module caches and stores that outlive it (issue 24: patient data kept in
 * memory after the user closed the case). A store subscription rather than a selected `volume`: a hook's
 * state would keep the closed volume alive in React's alternate fiber until the component rendered twice.
 */
export function useReleaseClosedCase(): void {
  useEffect(
    () =>
      useStudyStore.subscribe((s, prev) => {
        if (prev.volume && s.volume !== prev.volume && !s.volume) releaseClosedCase();
      }),
    [],
  );
}
