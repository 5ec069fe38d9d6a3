import type { NeedleViewKind } from './slicePlanes';
import type { ViewInsetsPx } from './sliceViewport';
import { fitInFreeArea } from './sliceViewport';

/**
 * Default framing of the needle-locked views. A whole-volume fit makes a 60-100 mm needle and its target a
 * small part of a CT's 300-500 mm field; the specialist reads the anatomy around the tip (facet joint,
 * foramen, pedicle), so a needle view frames the needle: its length plus a margin beyond each end, never
 * less than `MIN_NEEDLE_FIELD_MM` (so a short cervical needle still shows the whole vertebra around it) and
 * never more than the whole-volume fit (a small volume is not shown smaller than it fits).
 */

/** Margin beyond each end of the needle (mm): the tissue in front of the tip and around the skin entry. */
export const NEEDLE_FIELD_MARGIN_MM = 15;
/** The smallest field (mm across) a needle view frames: an adult vertebra with its posterior elements. */
export const MIN_NEEDLE_FIELD_MM = 80;
/**
 * The field (mm across) of the down-the-needle view: a cut across the needle shows one level, so it frames a
 * vertebra with its transverse processes (an adult lumbar one spans under ~90 mm) around the needle, whatever
 * the needle's length.
 */
export const DOWN_VIEW_FIELD_MM = 100;

/**
 * What a needle view frames, fixed when the view is fitted to a needle: kept while that needle is edited (so
 * the view does not zoom under the cursor while a handle is dragged or the views turn), renewed for another
 * needle or by Fit.
 */
export interface NeedleFrame {
  /** The trajectory the frame was made for. */
  trajectoryId: string;
  kind: NeedleViewKind;
  /** Field (mm across) on the view's tighter axis, centred on the plane origin (the needle). */
  fieldMm: number;
  /** Half extents (mm) of the volume's projection about the plane origin when framed: the largest field. */
  volumeHalfExtentMm: readonly [number, number];
}

/** The field (mm across) a needle view frames for a needle of `needleLengthMm`. */
export function needleFieldMm(kind: NeedleViewKind, needleLengthMm: number): number {
  const wanted =
    kind === 'down' ? DOWN_VIEW_FIELD_MM : Math.max(0, needleLengthMm) + 2 * NEEDLE_FIELD_MARGIN_MM;
  return Math.max(MIN_NEEDLE_FIELD_MM, wanted);
}

export function needleFrame(
  trajectoryId: string,
  kind: NeedleViewKind,
  needleLengthMm: number,
  volumeHalfExtentMm: readonly [number, number],
): NeedleFrame {
  return {
    trajectoryId,
    kind,
    fieldMm: needleFieldMm(kind, needleLengthMm),
    volumeHalfExtentMm: [volumeHalfExtentMm[0], volumeHalfExtentMm[1]],
  };
}

/**
 * The default view (zoom 1, no pan) of a needle frame: the field fitted into the free area the view's bands
 * leave, about the plane origin, which is the needle's midpoint in the in-plane views and the needle's axis in
 * the down view, so the needle is centred. The scale is never below the whole-volume fit's.
 */
export function fitNeedleFrame(
  frame: NeedleFrame,
  widthPx: number,
  heightPx: number,
  insets: ViewInsetsPx,
): { pxPerMm: number; anchorPx: [number, number] } {
  const half = frame.fieldMm / 2;
  const field = fitInFreeArea([half, half], widthPx, heightPx, insets);
  const whole = fitInFreeArea(frame.volumeHalfExtentMm, widthPx, heightPx, insets);
  return { pxPerMm: Math.max(field.pxPerMm, whole.pxPerMm), anchorPx: field.anchorPx };
}
