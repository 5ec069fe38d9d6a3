import type { FrameGeometry } from '../types';
import { decimal, decimals, firstItem } from './attributes';
import type { DataSet } from './dicomParserLib';

type Orientation = FrameGeometry['imageOrientationPatient'];

/** Geometry from IPP (0020,0032), IOP (0020,0037), PixelSpacing (0028,0030), SliceThickness (0018,0050). */
function geometryFrom(
  position: DataSet | undefined,
  orientation: DataSet | undefined,
  measures: DataSet | undefined,
): FrameGeometry | undefined {
  // Present but not numbers (e.g. "NaN", "abc"): NaN, so the geometry check names the attribute
  // instead of reporting the position as missing.
  const read = (d: DataSet | undefined, tag: string, n: number): number[] | undefined =>
    d && (decimals(d, tag, n) ?? (d.elements[tag] ? new Array<number>(n).fill(Number.NaN) : undefined));
  const ipp = read(position, 'x00200032', 3);
  const iop = read(orientation, 'x00200037', 6);
  const spacing = read(measures, 'x00280030', 2);
  if (!ipp || !iop || !spacing) return undefined;
  const geometry: FrameGeometry = {
    imagePositionPatient: [ipp[0]!, ipp[1]!, ipp[2]!],
    imageOrientationPatient: iop as unknown as Orientation,
    pixelSpacing: [spacing[0]!, spacing[1]!],
  };
  const thickness = measures && decimal(measures, 'x00180050');
  return thickness === undefined ? geometry : { ...geometry, sliceThicknessMm: thickness };
}

/**
 * Enhanced multi-frame (PS3.3 C.7.6.16): each frame's Plane Position (0020,9113), Plane Orientation
 * (0020,9116) and Pixel Measures (0028,9110) come from its Per-frame Functional Groups item (5200,9230),
 * else from the Shared Functional Groups (5200,9229).
 */
function enhancedFrames(dataSet: DataSet, numberOfFrames: number): FrameGeometry[] {
  const perFrame = dataSet.elements.x52009230?.items ?? [];
  const shared = firstItem(dataSet, 'x52009229');
  const frames: FrameGeometry[] = [];
  for (let f = 0; f < numberOfFrames; f++) {
    const own = perFrame[f]?.dataSet;
    const group = (tag: string) => firstItem(own, tag) ?? firstItem(shared, tag);
    const geometry = geometryFrom(group('x00209113'), group('x00209116'), group('x00289110'));
    if (!geometry) return [];
    frames.push(geometry);
  }
  return frames;
}

/** One geometry per frame for enhanced objects, one for a classic image, none when the header lacks it. */
export function readFrameGeometry(dataSet: DataSet, numberOfFrames: number): FrameGeometry[] {
  if (dataSet.elements.x52009230 || dataSet.elements.x52009229) {
    const frames = enhancedFrames(dataSet, numberOfFrames);
    if (frames.length > 0) return frames;
  }
  const classic = geometryFrom(dataSet, dataSet, dataSet);
  return classic ? [classic] : [];
}

/**
 * Rescale of an enhanced object (Pixel Value Transformation (0028,9145), PS3.3 C.7.6.16.2.9), from the
 * shared group or the first frame. Frames with differing rescale are not representable in DicomInstance.
 */
export function enhancedRescale(dataSet: DataSet): { slope: number; intercept: number } | undefined {
  const shared = firstItem(dataSet, 'x52009229');
  const firstFrame = dataSet.elements.x52009230?.items?.[0]?.dataSet;
  const transform = firstItem(shared, 'x00289145') ?? firstItem(firstFrame, 'x00289145');
  if (!transform) return undefined;
  const slope = decimal(transform, 'x00281053');
  const intercept = decimal(transform, 'x00281052');
  if (slope === undefined && intercept === undefined) return undefined;
  return { slope: slope ?? 1, intercept: intercept ?? 0 };
}
