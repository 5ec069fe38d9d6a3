import type { PatientPosition } from './carm';
import type { Trajectory } from './trajectory';

/**
 * A picture of the printable plan report (issue 7) as plain data: app/planReportImages.ts makes it from the
 * Volume, ui/report draws it. Declared here, in a layer both may import, so the two cannot disagree.
 */

export type ReportImageId = 'inPlaneA' | 'inPlaneB' | 'down' | 'bullsEye' | 'lateral';

/** A mark drawn over an image, in image pixel units (0..width, 0..height; pixel c covers c..c+1). */
export type ReportMark =
  | { kind: 'line'; role: 'needle'; from: [number, number]; to: [number, number] }
  | { kind: 'ring'; role: 'target'; at: [number, number]; radiusPx: number }
  | { kind: 'dot'; role: 'entry'; at: [number, number] };

export interface ReportImage {
  id: ReportImageId;
  title: string;
  /** What the picture is, e.g. "LAO 37° / CAUD 22° (prone)" or "W 1500 / L 300 HU". */
  caption: string;
  width: number;
  height: number;
  /** Grey levels 0..255, row-major, top row first. */
  grey: Uint8ClampedArray;
  marks: ReportMark[];
  /** Anatomical letters facing the image's right and top edges. */
  letters: { right: string; up: string };
  /** Millimetres per pixel in the needle's plane (C-arm: at the isocentre) for a scale bar. */
  mmPerPx: number;
}

/** A trajectory's report pictures for the patient position the C-arm angles are named for. */
export type ReportImagesFor = (t: Trajectory, position: PatientPosition) => Promise<ReportImage[]>;
