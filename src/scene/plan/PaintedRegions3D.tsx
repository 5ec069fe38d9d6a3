import { useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { decodeRuns, type PaintedRegion, paintedVoxelCount } from '../../planning/noGoMask';
import { toMatrix4 } from '../../render/volumeMaterial';

/** Same colour as the 2D overlay and the headset's no-go shapes. */
const COLOUR = '#ff3c78';
/** Drawn after the raymarched volume (renderOrder 10), so the translucent voxels test against its depth. */
const RENDER_ORDER = 11;
/** Beyond this many voxels a region is not drawn in 3D (a hand-painted blob is a few thousand). */
const MAX_VOXELS_3D = 60_000;

const unitBox = new THREE.BoxGeometry(1, 1, 1);

/** Model matrices of a region's painted voxels: the grid's voxel-to-LPS matrix times each voxel's offset. */
function voxelMatrices(region: PaintedRegion): THREE.Matrix4[] {
  const [nx, ny] = region.grid.dims;
  const grid = toMatrix4(region.grid.ijkToLps);
  const bitmap = new Uint8Array(nx * ny);
  const out: THREE.Matrix4[] = [];
  const offset = new THREE.Matrix4();
  for (const s of region.slices) {
    bitmap.fill(0);
    decodeRuns(s.runs, bitmap);
    for (let idx = 0; idx < bitmap.length; idx++) {
      if (!bitmap[idx]) continue;
      offset.makeTranslation(idx % nx, Math.floor(idx / nx), s.k);
      out.push(grid.clone().multiply(offset));
    }
  }
  return out;
}

function Region3D({ region }: { region: PaintedRegion }) {
  const matrices = useMemo(() => voxelMatrices(region), [region]);
  const ref = useRef<THREE.InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    for (const [i, m] of matrices.entries()) mesh.setMatrixAt(i, m);
    mesh.count = matrices.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [matrices]);
  return (
    <instancedMesh
      // A new count needs a new instance buffer: remount when the region grows past it.
      key={matrices.length}
      ref={ref}
      args={[unitBox, undefined, matrices.length]}
      renderOrder={RENDER_ORDER}
      name={`painted-${region.id}`}
    >
      <meshBasicMaterial color={COLOUR} transparent opacity={0.35} depthWrite={false} toneMapped={false} />
    </instancedMesh>
  );
}

/** The plan's painted no-go regions in the 3D view, one translucent box per voxel. */
export function PaintedRegions3D({ regions }: { regions: readonly PaintedRegion[] }) {
  return (
    <group name="painted-regions">
      {regions
        .filter((r) => r.slices.length > 0 && paintedVoxelCount(r) <= MAX_VOXELS_3D)
        .map((r) => (
          <Region3D key={r.id} region={r} />
        ))}
    </group>
  );
}
