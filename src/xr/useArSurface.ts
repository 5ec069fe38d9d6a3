import { useFrame } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useXrStore } from '../state/xrStore';

/** Latest surface point each pointer's ray meets (room metres), or none. */
export interface SurfaceHits {
  hitFor: (source: XRInputSource) => THREE.Vector3 | undefined;
}

/**
 * AR surface detection (WebXR Hit Test Module s.9-10): one hit-test source per pointer, on its target ray, asked
 * for when the session granted the optional 'hit-test' feature (@react-three/xr requests it by default).
 * Without it (a runtime that has no surface detection) the status stays 'unavailable' and the model keeps the
 * fixed table height.
 */
export function useArSurface(active: boolean): SurfaceHits {
  const session = useXR((s) => s.session);
  const sources = useMemo(() => new Map<XRInputSource, XRHitTestSource>(), []);
  const hits = useMemo(() => new Map<XRInputSource, THREE.Vector3>(), []);

  useEffect(() => {
    if (!session || !active) return;
    const granted = session.enabledFeatures;
    if (!session.requestHitTestSource || (granted && !granted.includes('hit-test'))) return;
    let live = true;
    const add = (source: XRInputSource) => {
      if (sources.has(source)) return;
      session.requestHitTestSource?.({ space: source.targetRaySpace, entityTypes: ['plane', 'mesh'] })?.then(
        (hitSource) => {
          if (!live) return hitSource.cancel();
          sources.set(source, hitSource);
          const xr = useXrStore.getState();
          if (xr.surface === 'unavailable') xr.setSurface('searching');
        },
        // Refused (e.g. an emulator without a room model): stay at the fixed height.
        () => undefined,
      );
    };
    for (const s of session.inputSources) add(s);
    const onChange = (e: XRInputSourcesChangeEvent) => {
      for (const s of e.added) add(s);
      for (const s of e.removed) {
        sources.get(s)?.cancel();
        sources.delete(s);
        hits.delete(s);
      }
    };
    session.addEventListener('inputsourceschange', onChange);
    return () => {
      live = false;
      session.removeEventListener('inputsourceschange', onChange);
      for (const hitSource of sources.values()) hitSource.cancel();
      sources.clear();
      hits.clear();
    };
  }, [session, active, sources, hits]);

  useFrame((three, _delta, frame?: XRFrame) => {
    const ref = three.gl.xr.getReferenceSpace();
    if (!frame || !ref) return;
    for (const [source, hitSource] of sources) {
      const p = frame.getHitTestResults(hitSource)[0]?.getPose(ref)?.transform.position;
      if (p) hits.set(source, new THREE.Vector3(p.x, p.y, p.z));
      else hits.delete(source);
    }
  });

  return useMemo(() => ({ hitFor: (source: XRInputSource) => hits.get(source) }), [hits]);
}
