import type { Vec3 } from '../core/vec3';
import { add, scale, sub } from '../core/vec3';
import { type CarmAngles, carmRecipe, type PatientPosition, roomAngleLabel } from '../planning/carm';
import { carmGeometry, ISOCENTRE_MAGNIFICATION } from '../planning/carmViewsGeometry';
import { findNeedle } from '../planning/needles';
import type { ReportImage, ReportImageId, ReportMark } from '../planning/reportImage';
import { type Trajectory, trajectoryDirection, trajectoryLengthMm } from '../planning/trajectory';
import { computeDrrRays, type DrrClip, type DrrGeometry, drrStepMm, projectToDetector } from '../volume/drr';
import { drrPicture, MONITOR_LOOK, sliceSmoothingSigmaMm } from '../volume/drrDisplay';
import { type ResliceGrid, reslice } from '../volume/reslice';
import {
  lpsToPlane,
  type NeedleViewKind,
  needlePlane,
  needleUpReference,
  orientationLetters,
  type SlicePlane,
} from '../volume/slicePlanes';
import type { Volume } from '../volume/volume';
import { applyWindow, type DisplayWindow } from '../volume/windowPresets';

/**
 * The printable report's pictures, computed on the CPU from the volume with the same code the tests trust
 * (volume/reslice.ts for the needle planes; for the C-arm views volume/drr.ts and the monitor's own display
 * pipeline, volume/drrDisplay.ts, which the GPU follows step for step), so the report needs no WebGL, prints
 * the same on any machine and shows what the C-arm monitor shows. Pure: no DOM.
 */

/** The narrower bone window (1500/300, volume/windowPresets.ts): cortex, cancellous bone and soft tissue stay apart on paper. */
export const REPORT_WINDOW: DisplayWindow = { width: 1500, level: 300 };
export const RESLICE_PX = 256;
/** Odd, so the central ray (the bull's-eye needle's axis) runs through a pixel centre; ~0.7 mm at the isocentre. */
export const DRR_PX = 201;
/** Detector field for the C-arm pictures (the middle zoom mode, carmViewsGeometry DETECTOR_FIELDS_MM). */
export const REPORT_FIELD_MM = 220;
/** Coarser than the monitor (drrStepMm) to keep two CPU radiographs near a second; a print needs no more. */
const REPORT_DRR_MIN_STEP_MM = 1.5;
const DOWN_VIEW_FIELD_MM = 80;

/** Field (mm) of an in-plane view: the whole needle with a margin, never tighter than 80 mm. */
export function inPlaneFieldMm(lengthMm: number): number {
  return Math.max(80, lengthMm * 1.3 + 20);
}

/** The reslice grid of a plane: `sizePx` square, `fieldMm` wide, centred on the plane's origin, top row up. */
export function planeGrid(plane: SlicePlane, fieldMm: number, sizePx: number): ResliceGrid {
  const px = fieldMm / sizePx;
  const half = ((sizePx - 1) / 2) * px;
  const originLps = add(plane.originLps, add(scale(plane.uLps, -half), scale(plane.vLps, half)));
  const vDown = scale(plane.vLps, -1);
  return { originLps, uLps: plane.uLps, vLps: vDown, pixelSizeMm: px, width: sizePx, height: sizePx };
}

/** Image pixel position (0..size, pixel c covers c..c+1) of an LPS point projected on a plane grid. */
export function planePixel(plane: SlicePlane, grid: ResliceGrid, lps: Vec3): [number, number] {
  const [x, y] = lpsToPlane(plane, lps);
  return [x / grid.pixelSizeMm + grid.width / 2, -y / grid.pixelSizeMm + grid.height / 2];
}

/** HU -> 0..255 under a window; outside the volume (NaN) is black. */
export function windowToGrey(hu: Float32Array, w: DisplayWindow): Uint8ClampedArray {
  const grey = new Uint8ClampedArray(hu.length);
  for (let i = 0; i < hu.length; i++) {
    const v = hu[i]!;
    grey[i] = Number.isNaN(v) ? 0 : Math.round(applyWindow(v, w) * 255);
  }
  return grey;
}

const TITLES: Record<Exclude<ReportImageId, 'bullsEye' | 'lateral'>, string> = {
  inPlaneA: 'Needle in-plane A',
  inPlaneB: 'Needle in-plane B',
  down: 'Down the needle (tip)',
};

/** One needle-locked CT picture (issue 6's views), needle and target drawn; null while entry = target. */
export function needleViewImage(volume: Volume, t: Trajectory, kind: NeedleViewKind): ReportImage | null {
  const d = trajectoryDirection(t);
  if (!d) return null;
  const lengthMm = trajectoryLengthMm(t);
  const plane = needlePlane(t, kind, {
    rotationDeg: 0,
    depthMm: lengthMm,
    reference: needleUpReference(d, null),
  });
  if (!plane) return null;
  const fieldMm = kind === 'down' ? DOWN_VIEW_FIELD_MM : inPlaneFieldMm(lengthMm);
  const grid = planeGrid(plane, fieldMm, RESLICE_PX);
  const grey = windowToGrey(reslice(volume, grid), REPORT_WINDOW);
  const target = planePixel(plane, grid, t.targetLps);
  const marks: ReportMark[] =
    kind === 'down'
      ? [{ kind: 'ring', role: 'target', at: target, radiusPx: 10 }]
      : [
          { kind: 'line', role: 'needle', from: planePixel(plane, grid, t.entryLps), to: target },
          { kind: 'dot', role: 'entry', at: planePixel(plane, grid, t.entryLps) },
          { kind: 'ring', role: 'target', at: target, radiusPx: 8 },
        ];
  return {
    id: kind,
    title: TITLES[kind],
    caption: `CT W ${REPORT_WINDOW.width} / L ${REPORT_WINDOW.level} HU, ${fieldMm.toFixed(0)} mm field`,
    width: RESLICE_PX,
    height: RESLICE_PX,
    grey,
    marks,
    letters: {
      right: orientationLetters(plane.uLps),
      up: orientationLetters(plane.vLps),
    },
    mmPerPx: grid.pixelSizeMm,
  };
}

/** Image pixel position of an LPS point on the detector, or undefined behind the source. */
function detectorPixel(g: DrrGeometry, sizePx: number, lps: Vec3): [number, number] | undefined {
  const p = projectToDetector(g, lps);
  return p && [p.fx * sizePx, p.fy * sizePx];
}

/**
 * A simulated fluoroscopy picture of a C-arm view given in the prone frame, through the monitor's display
 * pipeline (log image, edge enhancement, automatic window over the field, black bone, no noise), isocentre at
 * the target, the planned needle as steel at its real gauge (sub-pixel rays keep it visible) and the target
 * as a ring. `clip` leaves the CT couch out, as on the monitor.
 */
export function carmImage(
  volume: Volume,
  t: Trajectory,
  id: 'bullsEye' | 'lateral',
  proneFrame: CarmAngles,
  room: { label: string; position: PatientPosition },
  clip?: DrrClip,
): ReportImage {
  const geometry = carmGeometry({ ...proneFrame, isocentreLps: t.targetLps, fieldMm: REPORT_FIELD_MM });
  const mmPerPx = REPORT_FIELD_MM / ISOCENTRE_MAGNIFICATION / DRR_PX;
  const radiusMm = (findNeedle(t.needleId)?.outerDiameterMm ?? 0.718) / 2;
  const rays = computeDrrRays(volume, geometry, {
    sizePx: DRR_PX,
    stepMm: Math.max(REPORT_DRR_MIN_STEP_MM, drrStepMm(volume)),
    needles: sub(t.targetLps, t.entryLps).some((c) => c !== 0)
      ? [{ fromLps: t.entryLps, toLps: t.targetLps, radiusMm }]
      : [],
    clip,
  });
  const { grey } = drrPicture(rays, DRR_PX, {
    look: MONITOR_LOOK,
    fieldMm: REPORT_FIELD_MM,
    collimation: 1,
    blackBone: true,
    smoothSigmaMm: sliceSmoothingSigmaMm(volume.spacingMm[2], ISOCENTRE_MAGNIFICATION),
  });
  const target = detectorPixel(geometry, DRR_PX, t.targetLps);
  return {
    id,
    title: id === 'bullsEye' ? "C-arm bull's-eye" : 'C-arm lateral',
    caption: `${room.label} (${room.position}), simulated`,
    width: DRR_PX,
    height: DRR_PX,
    grey,
    marks: target ? [{ kind: 'ring', role: 'target', at: target, radiusPx: 6 }] : [],
    letters: { right: orientationLetters(geometry.rightLps), up: orientationLetters(geometry.upLps) },
    mmPerPx,
  };
}

/** Everything the report shows for one trajectory, in print order (steps yield to keep the page responsive). */
export async function reportImagesFor(
  volume: Volume,
  t: Trajectory,
  position: PatientPosition,
  yieldToPage: () => Promise<void> = async () => undefined,
  clip?: DrrClip,
): Promise<ReportImage[]> {
  const images: ReportImage[] = [];
  for (const kind of ['inPlaneA', 'inPlaneB', 'down'] as const) {
    const image = needleViewImage(volume, t, kind);
    if (image) images.push(image);
  }
  const d = trajectoryDirection(t);
  if (!d) return images;
  const recipe = carmRecipe(d, t.side, position);
  for (const [id, view] of [
    ['bullsEye', recipe.bullsEye],
    ['lateral', recipe.lateral],
  ] as const) {
    await yieldToPage();
    images.push(
      carmImage(volume, t, id, view.proneFrame, { label: roomAngleLabel(view, position), position }, clip),
    );
  }
  return images;
}
