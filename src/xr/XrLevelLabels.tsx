import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { SpineAnalysis } from '../analysis/index';
import { levelLabels } from '../scene/analysis/levelLabelPoints';

/** Label size in the model (mm): readable beside a lumbar body at 1:1 and still legible table-top. */
const LABEL_W_MM = 18;
const LABEL_H_MM = 9;
/** To the patient's right of the body centre (LPS -x), past the body's half width (lumbar bodies 40-50 mm wide: Panjabi et al., Spine 1992). */
const OFFSET_RIGHT_MM = 38;

function labelTexture(name: string): THREE.CanvasTexture {
  const c = document.createElement('canvas');
  c.width = 128;
  c.height = 64;
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.fillStyle = 'rgba(0,0,0,0.72)';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.strokeStyle = '#ffd166';
    ctx.lineWidth = 4;
    ctx.strokeRect(2, 2, c.width - 4, c.height - 4);
    ctx.fillStyle = '#ffffff';
    ctx.font = 'bold 40px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(name, c.width / 2, c.height / 2);
  }
  const t = new THREE.CanvasTexture(c);
  t.colorSpace = THREE.SRGBColorSpace;
  return t;
}

/**
 * The analysis's vertebra names beside the bodies, as camera-facing sprites inside the model group (they move,
 * turn and scale with the overlay; on a registered print they sit beside the printed vertebrae).
 */
export function XrLevelLabels({ analysis }: { analysis: SpineAnalysis }) {
  const labels = useMemo(
    () =>
      levelLabels(analysis).map((l) => ({
        name: l.name,
        at: [l.bodyLps[0] - OFFSET_RIGHT_MM, l.bodyLps[1], l.bodyLps[2]] as [number, number, number],
        texture: labelTexture(l.name),
      })),
    [analysis],
  );
  useEffect(
    () => () => {
      for (const l of labels) l.texture.dispose();
    },
    [labels],
  );
  return (
    <group name="level-labels">
      {labels.map((l) => (
        <sprite key={l.name} position={l.at} scale={[LABEL_W_MM, LABEL_H_MM, 1]}>
          <spriteMaterial map={l.texture} depthTest={false} toneMapped={false} />
        </sprite>
      ))}
    </group>
  );
}
