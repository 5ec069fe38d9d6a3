import type { FrameGeometry } from '../types';

/**
 * Plausibility of one frame's geometry before it can place pixels in 3D. PS3.3 C.7.6.2.1.1: Image
 * Orientation (Patient) holds two orthogonal unit direction cosines; Pixel Spacing (PS3.3 10.7.1.3) is a
 * physical distance, so > 0. Non-unit but valid directions are normalised (said in a note); zero, parallel
 * or non-finite directions and impossible spacings are refused with the reason.
 */
export type FrameCheck =
  | { ok: true; geometry: FrameGeometry; note?: string }
  | { ok: false; message: string };

/** Outside 1 um .. 10 cm a pixel spacing is an encoding error, not a scanner (CT pixels are ~0.2-2 mm). */
const MIN_SPACING_MM = 1e-3;
const MAX_SPACING_MM = 100;
/** Row and column directions must be perpendicular; cos 84 deg allows rounding in written decimals. */
const MAX_ABS_COS = 0.1;
/** Lengths this far from 1 are normalised with a note (written decimals are usually good to 1e-4). */
const UNIT_TOLERANCE = 1e-2;

export function checkFrameGeometry(g: FrameGeometry): FrameCheck {
  const iop = g.imageOrientationPatient;
  const ipp = g.imagePositionPatient;
  if (![...iop, ...ipp].every(Number.isFinite))
    return {
      ok: false,
      message: 'ImagePositionPatient or ImageOrientationPatient holds a value that is not a number',
    };
  const row = [iop[0], iop[1], iop[2]];
  const col = [iop[3], iop[4], iop[5]];
  const rowLen = Math.hypot(row[0]!, row[1]!, row[2]!);
  const colLen = Math.hypot(col[0]!, col[1]!, col[2]!);
  if (rowLen < 1e-6 || colLen < 1e-6)
    return {
      ok: false,
      message: 'ImageOrientationPatient has a zero direction: the image cannot be placed in 3D',
    };
  const r = row.map((v) => v / rowLen);
  const c = col.map((v) => v / colLen);
  const cos = r[0]! * c[0]! + r[1]! * c[1]! + r[2]! * c[2]!;
  if (Math.abs(cos) > MAX_ABS_COS)
    return {
      ok: false,
      message: `ImageOrientationPatient row and column directions are not perpendicular (${((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI).toFixed(1)} deg apart): the image cannot be placed in 3D`,
    };
  const [sRow, sCol] = g.pixelSpacing;
  if (!Number.isFinite(sRow) || !Number.isFinite(sCol) || sRow <= 0 || sCol <= 0)
    return { ok: false, message: `PixelSpacing ${sRow}\\${sCol} is not a positive distance` };
  if (Math.min(sRow, sCol) < MIN_SPACING_MM || Math.max(sRow, sCol) > MAX_SPACING_MM)
    return {
      ok: false,
      message: `PixelSpacing ${sRow}\\${sCol} mm is outside ${MIN_SPACING_MM}-${MAX_SPACING_MM} mm`,
    };
  const thickness = g.sliceThicknessMm;
  const thicknessOk =
    thickness === undefined || (Number.isFinite(thickness) && thickness > 0 && thickness <= 1000);
  const unit = Math.abs(rowLen - 1) <= UNIT_TOLERANCE && Math.abs(colLen - 1) <= UNIT_TOLERANCE;
  const geometry: FrameGeometry = {
    ...g,
    imageOrientationPatient: unit
      ? iop
      : ([...r, ...c] as unknown as FrameGeometry['imageOrientationPatient']),
    ...(thicknessOk ? {} : { sliceThicknessMm: undefined }),
  };
  const notes = [
    unit
      ? ''
      : `ImageOrientationPatient directions were not unit length (${rowLen.toFixed(3)}, ${colLen.toFixed(3)}): normalised`,
    thicknessOk ? '' : `SliceThickness ${thickness} is not a plausible thickness: ignored`,
  ].filter(Boolean);
  return notes.length ? { ok: true, geometry, note: notes.join('; ') } : { ok: true, geometry };
}
