import { add, normalize, type Vec3 } from '../core/vec3';
import { childFrame, dirToWorld, type Frame, toLocal, toWorld } from './frame';
import { Tissue } from './labels';
import { ellipsoid, ellipsoidSd, inFrame, type Shape } from './shapes';
import { type LevelSpec, levelDims } from './spine';
import type { NoGoStructure, SegmentSideTruth, SegmentTruth, Side } from './truth';
import {
  bodySectionSd,
  interlaminarWindow,
  laminaMidY,
  localTube,
  pediclePosteriorLocal,
  SIDES,
} from './vertebra';

/** Facet joint space (cartilage + fluid) on CT, mm. */
export const FACET_GAP_MM = 2;
/** Extent of the joint gap (cartilage) around the joint centre. */
const FACET_RADII: Vec3 = [6, 6, 10];
/** Semi-axes of each articular process (ellipsoid cut by the joint plane), mm. */
const PROCESS_RADII: Vec3 = [5.5, 5, 11];

export interface SegmentBuild {
  /** Painted before bone. */
  discs: { annulus: Shape; nucleus: Shape };
  foramenFat: Shape[];
  /** Articular processes and their connections to each vertebra. */
  bones: Shape[];
  /** Joint spaces, painted after bone. */
  facetGaps: Shape[];
  roots: NoGoStructure[];
  /**
   * Kambin target candidates per side, 2 mm behind the posterolateral disc surface in its lower half,
   * medial to lateral (model.ts keeps the first that oblique needle paths reach clear of bone and roots);
   * `outward(deg)` is the needle direction (target -> skin) of an ipsilateral oblique in the disc plane.
   */
  kambin: Record<Side, { candidates: Vec3[]; outward: (obliqueDeg: number) => Vec3 }>;
  truth: SegmentTruth;
}

/** Frame halfway between the lower vertebra's superior endplate and the upper one's inferior endplate. */
function discFrame(u: LevelSpec, v: LevelSpec): Frame {
  const top = toWorld(v.frame, [0, 0, levelDims(v).hz]);
  const bottom = toWorld(u.frame, [0, 0, -levelDims(u).hz]);
  const centre: Vec3 = [(top[0] + bottom[0]) / 2, (top[1] + bottom[1]) / 2, (top[2] + bottom[2]) / 2];
  return childFrame(
    { originLps: [0, 0, 0], ex: [1, 0, 0], ey: [0, 1, 0], ez: [0, 0, 1] },
    centre,
    add(u.frame.ex, v.frame.ex),
    add(u.frame.ey, v.frame.ey),
  );
}

/** Everything between vertebra `u` (above) and `v` (below): disc, facet joints, foramina, exiting roots of `u`. */
export function buildSegment(u: LevelSpec, v: LevelSpec): SegmentBuild {
  const du = levelDims(u);
  const dv = levelDims(v);
  const df = discFrame(u, v);
  const rx = (du.rx + dv.rx) / 2 + 1;
  const ry = (du.ry + dv.ry) / 2 + 1;
  const wallY = (du.wallY + dv.wallY) / 2 + 0.5;
  // The disc fills the space between both endplate planes (so lordotic discs are wedges).
  const vTop = toWorld(v.frame, [0, 0, dv.hz]);
  const uBottom = toWorld(u.frame, [0, 0, -du.hz]);
  const nv = v.frame.ez;
  const nu = u.frame.ez;
  const discSd = (inset: number, sx: number) => {
    const local = inFrame(df, [rx, ry, 20], (x, y) =>
      Math.max(bodySectionSd(x, y, rx * sx, ry * sx, wallY), y - wallY + inset),
    );
    return (x: number, y: number, z: number): number =>
      Math.max(
        local.sd(x, y, z),
        -((x - vTop[0]) * nv[0] + (y - vTop[1]) * nv[1] + (z - vTop[2]) * nv[2]) + inset,
        (x - uBottom[0]) * nu[0] + (y - uBottom[1]) * nu[1] + (z - uBottom[2]) * nu[2] + inset,
      );
  };
  const bounds = inFrame(df, [rx, ry, 20], () => 0);
  const annulus: Shape = { ...bounds, sd: discSd(0, 1) };
  const nucleus: Shape = { ...bounds, sd: discSd(2, 0.55) };

  const bones: Shape[] = [];
  const facetGaps: Shape[] = [];
  const foramenFat: Shape[] = [];
  const roots: NoGoStructure[] = [];
  const sides = {} as Record<Side, SegmentSideTruth>;
  const kambin = {} as SegmentBuild['kambin'];
  const laminaGap = interlaminarWindow(u, v);
  for (const [side, s] of SIDES) {
    // Facet joint in v's frame: the SAP (of v) lies anterolateral, the IAP (of u) posteromedial of the plane.
    // The joint is centred at the upper part of the disc height; the SAP rises from v's pedicle to a tip
    // ~6 mm above u's inferior endplate (in the lower foramen, under u's pedicle), the IAP hangs from u's
    // lamina down to v's pedicle: both show on an axial slice through the foramen.
    const alpha = (u.facetAngleDeg * Math.PI) / 180;
    const n: Vec3 = [-s * Math.cos(alpha), Math.sin(alpha), 0];
    // Height of u's inferior endplate plane above v's superior endplate behind the joint (lordotic discs are
    // wedges: much lower posteriorly at L5-S1): the SAP tip rises 4 mm above it.
    const jx = s * (v.interpedicularMm / 2 + 4.5);
    // At L5-S1 the joint sits further back (the sacral facets face backwards, Masharawi 2004), leaving the
    // foramen under the L5 pedicle its height.
    const jy = dv.wallY + (v.name === 'S1' ? 18 : 15);
    const onV = toWorld(v.frame, [jx, jy, dv.hz]);
    const up = v.frame.ez;
    const gapLocal =
      ((uBottom[0] - onV[0]) * nu[0] + (uBottom[1] - onV[1]) * nu[1] + (uBottom[2] - onV[2]) * nu[2]) /
      (up[0] * nu[0] + up[1] * nu[1] + up[2] * nu[2]);
    const jLocal: Vec3 = [jx, jy, dv.hz + gapLocal + 4 - (PROCESS_RADII[2] - 1)];
    const jFrame = childFrame(v.frame, jLocal, [1, 0, 0], [0, 1, 0]);
    const plane = (x: number, y: number, z: number): number => x * n[0] + y * n[1] + z * n[2];
    const g = FACET_GAP_MM / 2;
    const [pa, pb, pc] = PROCESS_RADII;
    const sapC: Vec3 = [-n[0] * 3, -n[1] * 3, -1];
    const iapC: Vec3 = [n[0] * 3, n[1] * 3, 1];
    const half: Vec3 = [pa + 4, pb + 4, pc + 2];
    bones.push(
      inFrame(jFrame, half, (x, y, z) =>
        Math.max(ellipsoidSd(x - sapC[0], y - sapC[1], z - sapC[2], pa, pb, pc), plane(x, y, z) + g),
      ),
    );
    bones.push(
      inFrame(jFrame, half, (x, y, z) =>
        Math.max(ellipsoidSd(x - iapC[0], y - iapC[1], z - iapC[2], pa, pb, pc), -plane(x, y, z) + g),
      ),
    );
    const [ra, rb, rc] = FACET_RADII;
    // A sacralised L5's facets are fused to S1 (bone across the joint).
    if (u.fusedToSacrum)
      bones.push(inFrame(jFrame, FACET_RADII, (x, y, z) => ellipsoidSd(x, y, z, ra, rb, rc)));
    else
      facetGaps.push(
        inFrame(jFrame, FACET_RADII, (x, y, z) =>
          Math.max(ellipsoidSd(x, y, z, ra, rb, rc), Math.abs(plane(x, y, z)) - g),
        ),
      );
    // SAP base down to v's pedicle-lamina junction; IAP up to u's lamina (pars interarticularis).
    const sapBase: Vec3 = [jLocal[0] + sapC[0], jLocal[1] + sapC[1], jLocal[2] - pc * 0.6];
    const pp = pediclePosteriorLocal(v, s);
    bones.push(localTube(v.frame, [sapBase, [pp[0], pp[1], pp[2] + 2]], [4, 4.5]));
    const iapTop = toWorld(v.frame, [jLocal[0] + iapC[0], jLocal[1] + iapC[1], jLocal[2] + pc * 0.6]);
    const iapX = s * (u.interpedicularMm / 2 + 3);
    const iapEnd: Vec3 = [iapX, laminaMidY(u, iapX, laminaGap.uBottomZ + 4), laminaGap.uBottomZ + 4];
    bones.push(localTube(u.frame, [toLocal(u.frame, iapTop), iapEnd], [4, 4]));
    const sapTipLps = toWorld(v.frame, [jLocal[0] + sapC[0], jLocal[1] + sapC[1], jLocal[2] + sapC[2] + pc]);

    // Foramen below u's pedicle: fat, with the exiting root of u running under the pedicle.
    const pedBottom = du.pedZ - u.pedicleHeightMm / 2;
    const pedX = u.interpedicularMm / 2;
    foramenFat.push(
      ellipsoid(
        childFrame(
          u.frame,
          [s * (pedX + u.pedicleWidthMm / 2 + 1), du.wallY + 5, pedBottom - 10],
          [1, 0, 0],
          [0, 1, 0],
        ),
        [9, 8, 14],
      ),
    );
    const isL5 = v.name === 'S1';
    const isThoracic = u.name.startsWith('T');
    const rootLocal: Vec3[] = [
      [s * 4, du.canalY - 1, du.pedZ + 8],
      [s * (pedX - 2), du.canalY - 3, pedBottom - (isL5 ? 5 : 3)],
      // Thoracic roots run laterally (intercostal and subcostal nerves); L5 crosses the front of the sacral
      // ala; the other lumbar roots run down into the psoas.
      ...(isThoracic
        ? ([
            [s * (pedX + u.pedicleWidthMm + 4), du.wallY - 2, pedBottom - 9.5],
            [s * (pedX + u.pedicleWidthMm + 30), du.wallY + 4, pedBottom - 17],
          ] as Vec3[])
        : ([[s * (pedX + u.pedicleWidthMm + 4), du.wallY - 2, pedBottom - 11]] as Vec3[])),
      ...(isThoracic
        ? []
        : isL5
          ? ([
              [s * (pedX + u.pedicleWidthMm + 9), -du.ry * 0.5, pedBottom - 14],
              [s * (pedX + u.pedicleWidthMm + 14), -du.ry - 12, pedBottom - 34],
            ] as Vec3[])
          : ([[s * (pedX + u.pedicleWidthMm + 18), -du.ry * 0.4, pedBottom - 38]] as Vec3[])),
    ];
    roots.push({
      name: `nerve-root-${u.name}-${side}`,
      kind: 'nerve-root',
      label: Tissue.nerveRoot,
      geometry: {
        type: 'tubes',
        tubes: [
          {
            pointsLps: rootLocal.map((p) => toWorld(u.frame, p)),
            radiiMm: rootLocal.map((_, n) => [1.5, 2.5, 3.5][n] ?? 3),
          },
        ],
      },
    });

    // Kambin candidates: along the posterolateral disc outline (y where the annulus section ends), 2 mm out.
    const candidates: Vec3[] = [];
    const discBack = (x: number): number => {
      let y = 0;
      while (y < ry && bodySectionSd(x, y, rx, ry, wallY) < 0) y += 0.1;
      return y;
    };
    for (const zFrac of [-0.3, -0.15])
      for (let ax = u.interpedicularMm / 2 + 2; ax <= rx - 1; ax += 1)
        candidates.push(toWorld(df, [s * ax, discBack(ax) + 2, zFrac * u.discBelowMm]));
    kambin[side] = {
      candidates,
      outward: (deg) => {
        const o = (deg * Math.PI) / 180;
        return normalize(dirToWorld(df, [s * Math.sin(o), Math.cos(o), 0]));
      },
    };
    sides[side] = {
      facetJointCentreLps: toWorld(v.frame, jLocal),
      facetJointNormal: normalize(dirToWorld(v.frame, n)),
      safeTriangleCentreLps: toWorld(u.frame, [
        s * (pedX + u.pedicleWidthMm / 2 + 3),
        du.wallY + 1,
        pedBottom - 2,
      ]),
      // Replaced by model.ts's pick among `kambin` candidates (it needs every bone and root).
      kambinTriangleCentreLps: candidates[0]!,
      sapTipLps,
    };
  }
  return {
    discs: { annulus, nucleus },
    foramenFat,
    bones,
    facetGaps,
    roots,
    kambin,
    truth: {
      name: `${u.name}-${v.name}`,
      discCentreLps: df.originLps,
      interlaminarWindowCentreLps: laminaGap.centreLps,
      left: sides.left,
      right: sides.right,
    },
  };
}
