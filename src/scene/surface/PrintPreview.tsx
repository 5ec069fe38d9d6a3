import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { createSurfaceGeometry } from '../../render/surfaceMesh';
import { usePrintStore } from '../../state/printStore';
import { useBoneMaterial } from './useBoneMaterial';

/** Pit markers: small enough not to hide the divot, coloured to be found at a glance. */
const PIT_MARKER_MM = 1.6;
const PIT_COLOUR = '#ff5a36';

/**
 * The print model (issue 23) in the 3D view, world = LPS mm like every other object: the solid that
 * will be printed, with a marker in each registration pit, so the specialist sees what the file holds
 * before printing it.
 */
export function PrintPreview({ volumeId }: { volumeId: string }) {
  const invalidate = useThree((s) => s.invalidate);
  const model = usePrintStore((s) => (s.phase === 'ready' && s.volumeId === volumeId ? s.model : null));
  const show = usePrintStore((s) => s.showInScene);
  const geometry = useMemo(() => (model ? createSurfaceGeometry(model.mesh) : null), [model]);
  useEffect(() => () => geometry?.dispose(), [geometry]);
  const shellGeometry = useMemo(() => (model?.shell ? createSurfaceGeometry(model.shell) : null), [model]);
  useEffect(() => () => shellGeometry?.dispose(), [shellGeometry]);
  const material = useBoneMaterial();
  const visible = show && geometry !== null && model !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: on-demand frame loop: redraw when the print appears or hides
  useEffect(() => {
    invalidate();
  }, [visible, geometry, invalidate]);
  if (!visible) return null;
  return (
    <group name="print-preview">
      <mesh geometry={geometry} material={material} renderOrder={0} />
      {shellGeometry && (
        // The skin shell see-through, drawn after the solid print so the spine shows under it.
        <mesh name="print-skin-shell" geometry={shellGeometry} renderOrder={1}>
          <meshBasicMaterial color="#e8b59a" transparent opacity={0.22} depthWrite={false} />
        </mesh>
      )}
      {model.fiducials.map((f) => (
        <mesh key={f.id} name={`print-pit-${f.id}`} position={f.positionLps}>
          <sphereGeometry args={[PIT_MARKER_MM, 16, 12]} />
          <meshBasicMaterial color={PIT_COLOUR} />
        </mesh>
      ))}
    </group>
  );
}
