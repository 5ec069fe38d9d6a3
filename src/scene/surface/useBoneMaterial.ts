import { useEffect, useMemo } from 'react';
import { createBoneMatcap, createBoneSurfaceMaterial } from '../../render/surfaceMesh';

/** The bone-coloured matcap material of surface meshes (bone surface, print model), disposed on unmount. */
export function useBoneMaterial() {
  const material = useMemo(() => createBoneSurfaceMaterial(createBoneMatcap()), []);
  useEffect(
    () => () => {
      material.matcap?.dispose();
      material.dispose();
    },
    [material],
  );
  return material;
}
