import type { Vec3 } from '../core/vec3';
import { toWorld } from './frame';
import { geometryDistanceMm } from './noGo';
import { type Shape, tubeSegments } from './shapes';
import { type LevelSpec, levelDims } from './spine';
import type { NoGoStructure, RibTruth } from './truth';
import { SIDES } from './vertebra';

/** Costovertebral joint space between the rib head and the vertebral body, mm. */
const COSTOVERTEBRAL_GAP_MM = 1.5;

export interface RibsBuild {
  bones: Shape[];
  truth: RibTruth[];
}

/**
 * A pair of floating ribs on `l` (the 12th ribs on T12): the head articulates with the body at the pedicle
 * root (a single costal facet, no costotransverse joint at T12), the neck runs posterolaterally past the
 * transverse process, the shaft turns at the angle and runs laterally, then anterolaterally and downward to
 * a free tip at about the L1-L2 level. ~95 mm long and ~9 mm thick, tapering to ~6 mm at the tip (12th rib:
 * 8-12 cm, Gray's Anatomy 41st ed., ch. 53). `clearOf` are the vertebra's bones: the rib keeps a joint space
 * from them. The shaft passes behind the kidneys' upper poles (`behind`), as the 12th rib does.
 */
export function buildRibs(
  l: LevelSpec,
  clearOf: readonly Shape[],
  behind: readonly NoGoStructure[],
): RibsBuild {
  const d = levelDims(l);
  const bones: Shape[] = [];
  const truth: RibTruth[] = [];
  for (const [side, s] of SIDES) {
    const local: Vec3[] = [
      [s * (d.rx + 2), d.wallY - 3, d.pedZ + 1],
      [s * (d.rx + 14), d.wallY + 9, d.pedZ - 3],
      [s * (d.rx + 34), d.wallY + 16, d.pedZ - 12],
      [s * (d.rx + 58), d.wallY + 10, d.pedZ - 28],
      [s * (d.rx + 76), d.wallY - 4, d.pedZ - 44],
    ];
    const radii = [5.5, 4.5, 4.5, 4, 3];
    const pts = local.map((p, i) => {
      const q: [number, number, number] = [...toWorld(l.frame, p)];
      const clear = (): number => Math.min(...behind.map((k) => geometryDistanceMm(k.geometry, q)));
      for (let n = 0; n < 60 && clear() < radii[i]! + 4; n++) q[1] += 1;
      return q as Vec3;
    });
    for (const seg of tubeSegments(pts, radii)) {
      const near = clearOf.filter(
        (b) =>
          b.minLps[0] <= seg.maxLps[0] &&
          b.maxLps[0] >= seg.minLps[0] &&
          b.minLps[1] <= seg.maxLps[1] &&
          b.maxLps[1] >= seg.minLps[1] &&
          b.minLps[2] <= seg.maxLps[2] &&
          b.maxLps[2] >= seg.minLps[2],
      );
      bones.push(
        near.length === 0
          ? seg
          : {
              ...seg,
              sd: (x, y, z) => {
                let v = seg.sd(x, y, z);
                for (const b of near) v = Math.max(v, COSTOVERTEBRAL_GAP_MM - b.sd(x, y, z));
                return v;
              },
            },
      );
    }
    truth.push({ level: l.name, side, headLps: pts[0]!, tipLps: pts[pts.length - 1]! });
  }
  return { bones, truth };
}
