import { add, cross, dot, lerp, normalize, scale, type Vec3 } from '../core/vec3';
import { childFrame, dirToWorld, type Frame, tiltedFrame, toWorld, worldFrame } from './frame';
import { Tissue } from './labels';
import {
  box,
  clipByPlane,
  ellipsoid,
  ellipsoidSd,
  ellipticCylinder,
  inFrame,
  type Shape,
  tube,
  tubeSegments,
} from './shapes';
import { type LevelSpec, levelDims } from './spine';
import type { NoGoStructure, SacrumTruth, Side } from './truth';
import { localTube, SIDES } from './vertebra';

/** Sacroiliac joint space on CT (~2-4 mm in adults), mm. */
export const SI_GAP_MM = 2.5;

export interface PelvisBuild {
  bones: Shape[];
  /** Soft tissue carved into the bone after it is painted: sacral canal and foramina (fat). */
  carveFat: Shape[];
  siGaps: Shape[];
  /** Muscles painted before bone (iliacus, gluteal). */
  muscles: Shape[];
  roots: NoGoStructure[];
  truth: SacrumTruth;
  /** Iliac crest height (LPS z, mm): the body widens below it. */
  iliacCrestZ: number;
  /** Lowest bone point z, mm: the volume ends a little below. */
  lowestZ: number;
  /** S1 frame SI joint centres in LPS, per side (for soft-tissue placement). */
  siCentreLps: Record<Side, Vec3>;
}

/** Segment frame inside the S1 frame: kyphotic sacral curve (lower segments lean forward). */
const segFrame = (s1: Frame, centre: Vec3, tiltDeg: number): Frame => {
  const t = tiltedFrame([0, 0, 0], tiltDeg);
  return childFrame(s1, centre, t.ex, t.ey);
};

/** S2-S5, alae and lateral masses, dorsal plate, SI joints, ilia, sacral canal and foramina, S1 roots. */
export function buildPelvis(s1: LevelSpec): PelvisBuild {
  const f = s1.frame;
  const d = levelDims(s1);
  const bones: Shape[] = [];
  const carveFat: Shape[] = [];
  const siGaps: Shape[] = [];
  const muscles: Shape[] = [];
  const roots: NoGoStructure[] = [];
  // [centre y, centre z, rx, ry, hz, tilt] in the S1 frame.
  const segs: [number, number, number, number, number, number][] = [
    [1, -23, 22, 14, 10.5, 5],
    [0, -41, 18, 12, 9.5, 12],
    [-4, -57, 13, 10, 8.5, 20],
    [-10, -71, 9, 8, 7, 28],
  ];
  let lowestZ = Infinity;
  for (const [y, z, rx, ry, hz, tilt] of segs) {
    const sf = segFrame(f, [0, y, z], tilt);
    bones.push(ellipticCylinder(sf, rx, ry, hz));
    lowestZ = Math.min(lowestZ, toWorld(sf, [0, 0, -hz])[2]);
  }
  // Dorsal plate (fused laminae of S2-S4) and median crest, slightly curved with the sacrum. It starts below
  // S1's own laminae so the L5-S1 interlaminar window stays open (the largest lumbar one).
  const dorsal = segFrame(f, [0, d.ry + 12, -34], 8);
  bones.push(box(dorsal, [d.rx - 2, 4, 32], 3));
  bones.push(box(childFrame(dorsal, [0, 6, 2], [1, 0, 0], [0, 1, 0]), [3, 4, 26], 2));
  // Sacral canal (continuing the spinal canal) and foramina S1-S4, carved as fat after the bone.
  const canalPts: Vec3[] = [
    [0, d.canalY, d.hz + 2],
    [0, d.ry + 6, -20],
    [0, 9, -45],
    [0, 4, -62],
  ];
  carveFat.push(
    ...tubeSegments(
      canalPts.map((p) => toWorld(f, p)),
      [9, 6, 4, 3],
    ),
  );
  const foramenZ = [-d.hz - 2, -32, -49, -63];
  const foramenR = [4.5, 4, 3.5, 3];
  const canalYAt = [d.ry + 5, d.ry + 3, 8, 4];
  const ventralRx = [22, 20, 16, 12];

  const siCentreLps = {} as Record<Side, Vec3>;
  const s1DorsalForamenLps = {} as Record<Side, Vec3>;
  const siJointLowerThirdLps = {} as Record<Side, Vec3>;
  let iliacCrestZ = -Infinity;
  for (const [side, s] of SIDES) {
    // SI joint plane in the S1 frame: the sacrum is a keystone, wider anteriorly, so the lateral
    // normal leans posteriorly (joint lines converge backwards on axial CT).
    const q: Vec3 = [s * (d.rx + 20), 0, -20];
    const nLocal = normalize([s * 0.94, 0.32, 0.08]);
    const qw = toWorld(f, q);
    const nw = normalize(dirToWorld(f, nLocal));
    const g = SI_GAP_MM / 2;
    const sacralSide = (shape: Shape): Shape => clipByPlane(shape, qw, nw, -g);
    const iliacSide = (shape: Shape): Shape => clipByPlane(shape, qw, scale(nw, -1), -g);
    // Lateral masses (ala at S1, pars lateralis below), ending at the joint.
    bones.push(
      sacralSide(box(childFrame(f, [s * (d.rx + 10), 2, -16], [1, 0, 0], [0, 1, 0]), [14, 15, 26], 6)),
    );
    bones.push(
      sacralSide(box(childFrame(f, [s * (d.rx + 2), 0, -45], [1, 0, 0], [0, 1, 0]), [12, 11, 12], 5)),
    );
    // Auricular part of the ilium, the joint space between, and the wing.
    const siRadii: Vec3 = [14, 20, 30];
    const siFrame = childFrame(f, q, [1, 0, 0], [0, 1, 0]);
    bones.push(iliacSide(ellipsoid(siFrame, siRadii)));
    siGaps.push(
      inFrame(siFrame, siRadii, (x, y, z) =>
        Math.max(
          ellipsoidSd(x, y, z, siRadii[0], siRadii[1], siRadii[2]),
          Math.abs(x * nLocal[0] + y * nLocal[1] + z * nLocal[2]) - g,
        ),
      ),
    );
    const tangent = normalize([-s * 0.32, 0.94, 0]);
    const tangentInPlane = normalize([
      tangent[0] - dot(tangent, nLocal) * nLocal[0],
      tangent[1] - dot(tangent, nLocal) * nLocal[1],
      tangent[2] - dot(tangent, nLocal) * nLocal[2],
    ]);
    const downInPlane = normalize(cross(nLocal, tangentInPlane));
    const sign = downInPlane[2] > 0 ? -1 : 1;
    siJointLowerThirdLps[side] = toWorld(
      f,
      add(add(q, scale(tangentInPlane, 8)), scale(downInPlane, sign * 18)),
    );
    siCentreLps[side] = qw;

    const u = normalize([s * 0.78, -0.63, 0]);
    const wingFrame = worldFrame(add(qw, add(scale(u, 50), [0, 0, 24])), u, [s * 0.35, 0, 1]);
    const wingRadii: Vec3 = [56, 48, 8];
    bones.push(iliacSide(ellipsoid(wingFrame, wingRadii)));
    bones.push(iliacSide(ellipsoid(worldFrame(add(qw, [s * 6, 16, 8]), [1, 0, 0], [0, 1, 0]), [11, 14, 26])));
    bones.push(iliacSide(tube([add(qw, [s * 12, -8, -10]), add(qw, [s * 45, -45, -75])], [16, 16])));
    iliacCrestZ = Math.max(iliacCrestZ, wingFrame.originLps[2] + wingRadii[1] * wingFrame.ey[2]);
    const medial = wingFrame.ez[0] * s > 0 ? scale(wingFrame.ez, -1) : wingFrame.ez;
    muscles.push(
      ellipsoid(
        { ...wingFrame, originLps: add(wingFrame.originLps, add(scale(medial, 15), scale(u, -5))) },
        [52, 42, 10],
      ),
    );
    muscles.push(ellipsoid(worldFrame(add(qw, [s * 45, 50, -40]), [1, 0, 0], [0, 1, 0]), [45, 32, 60]));

    // Foramina: ventral (anterolateral) and dorsal openings from the canal, S1-S4.
    foramenZ.forEach((z, k) => {
      const from: Vec3 = [s * 6, canalYAt[k]!, z];
      carveFat.push(
        localTube(
          f,
          [from, [s * (ventralRx[k]! + 6), -segs[k]![3] - 2, z - 4]],
          [foramenR[k]!, foramenR[k]!],
        ),
      );
      carveFat.push(localTube(f, [from, [s * (17 - k), d.ry + 20, z + 3]], [3.5, 3.5]));
    });
    // On the S1 dorsal foramen's axis, where it opens through the dorsal plate (3/4 of the way out).
    const dorsalFrom: Vec3 = [s * 6, canalYAt[0]!, foramenZ[0]!];
    const dorsalTo: Vec3 = [s * 17, d.ry + 20, foramenZ[0]! + 3];
    s1DorsalForamenLps[side] = toWorld(f, lerp(dorsalFrom, dorsalTo, 0.75));
    const s1Root: Vec3[] = [
      [s * 4, d.canalY - 1, d.hz + 4],
      [s * (s1.interpedicularMm / 2 - 4), d.canalY - 2, -d.hz + 3],
      [s * 8, canalYAt[0]! - 1, foramenZ[0]!],
      [s * (ventralRx[0]! + 6), -segs[0]![3] - 2, foramenZ[0]! - 4],
    ];
    roots.push({
      name: `nerve-root-S1-${side}`,
      kind: 'nerve-root',
      label: Tissue.nerveRoot,
      geometry: {
        type: 'tubes',
        tubes: [{ pointsLps: s1Root.map((p) => toWorld(f, p)), radiiMm: [1.5, 2.5, 2.5, 2.5] }],
      },
    });
  }
  return {
    bones,
    carveFat,
    siGaps,
    muscles,
    roots,
    iliacCrestZ,
    lowestZ,
    siCentreLps,
    truth: {
      s1SuperiorEndplateCentreLps: toWorld(f, [0, 0, d.hz]),
      s1SuperiorEndplateNormal: f.ez,
      s1DorsalForamenLps,
      siJointLowerThirdLps,
    },
  };
}
