import type { DecodedFrame, DicomInstance } from '../types';

/**
 * How decoded stored values become Int16 voxels.
 * - 'modality': voxel = round(stored * slope + intercept) (PS3.3 C.11.1.1.2): HU for CT, stored with
 *   slope 1 / intercept 0 on the Volume. Per-image rescale differences are absorbed here.
 * - 'stored': voxel = stored - offset; the Volume keeps slope and intercept + offset * slope. Used for
 *   non-CT series with one rescale, so fractional slopes (MR, PET) lose nothing.
 */
export interface PixelPolicy {
  mode: 'modality' | 'stored';
  /** Subtracted in 'stored' mode so 16-bit unsigned data fits Int16 exactly. */
  offset: number;
  /** Non-CT MONOCHROME1 (PS3.3 C.7.6.3.1.2: minimum = white) is flipped so higher always means denser. */
  invertMonochrome1: boolean;
  /** Voxel value written where the stored value equals PixelPaddingValue (PS3.3 C.7.5.1.1.2). */
  paddingVoxel: number;
  volumeSlope: number;
  volumeIntercept: number;
}

/** Air: what padding (outside the scan field) becomes in CT. */
const CT_PADDING_HU = -1024;

const storedRange = (inst: DicomInstance): [number, number] =>
  inst.pixelRepresentation === 1
    ? [-(2 ** (inst.bitsStored - 1)), 2 ** (inst.bitsStored - 1) - 1]
    : [0, 2 ** inst.bitsStored - 1];

/** Chooses the pixel policy of a series from its headers; warnings say what was changed. */
export function choosePixelPolicy(instances: readonly DicomInstance[]): {
  policy: PixelPolicy;
  warnings: string[];
} {
  const first = instances[0]!;
  const warnings: string[] = [];
  const isCt = first.modality === 'CT';
  const invertMonochrome1 = !isCt && first.photometricInterpretation === 'MONOCHROME1';
  if (invertMonochrome1) warnings.push('MONOCHROME1 images: values inverted so that brighter means denser');
  const sameRescale = instances.every(
    (i) => i.rescaleSlope === first.rescaleSlope && i.rescaleIntercept === first.rescaleIntercept,
  );
  if (isCt || !sameRescale) {
    const lowest = Math.min(
      ...instances.map((i) => {
        const [lo, hi] = storedRange(i);
        return Math.min(lo * i.rescaleSlope, hi * i.rescaleSlope) + i.rescaleIntercept;
      }),
    );
    if (!isCt) {
      warnings.push(
        'images differ in rescale slope/intercept: stored as rescaled values rounded to whole numbers',
      );
    }
    return {
      policy: {
        mode: 'modality',
        offset: 0,
        invertMonochrome1,
        paddingVoxel: isCt ? CT_PADDING_HU : clampInt16(Math.round(lowest)),
        volumeSlope: 1,
        volumeIntercept: 0,
      },
      warnings,
    };
  }
  const [lo, hi] = storedRange(first);
  const offset = hi > 32767 ? 32768 : 0;
  return {
    policy: {
      mode: 'stored',
      offset,
      invertMonochrome1,
      paddingVoxel: clampInt16(lo - offset),
      volumeSlope: first.rescaleSlope,
      volumeIntercept: first.rescaleIntercept + offset * first.rescaleSlope,
    },
    warnings,
  };
}

const clampInt16 = (v: number): number => Math.min(32767, Math.max(-32768, v));

/** PixelPaddingValue has the VR of the pixels (US or SS); a parser may hand a signed value over unsigned. */
function paddingStored(inst: DicomInstance): number | undefined {
  const pad = inst.pixelPaddingValue;
  if (pad === undefined) return undefined;
  if (inst.pixelRepresentation === 1 && pad >= 2 ** (inst.bitsAllocated - 1))
    return pad - 2 ** inst.bitsAllocated;
  return pad;
}

/** Per-image constants of the stored value -> voxel conversion (shared with the native fast path). */
export interface FrameConversion {
  /** Stored value that means padding (compared before any flip), or undefined. */
  pad: number | undefined;
  padVoxel: number;
  /** MONOCHROME1 flip: stored -> flipSum - stored (undefined: no flip). */
  flipSum: number | undefined;
  slope: number;
  intercept: number;
  /** Slope and intercept are whole numbers: no rounding needed. */
  integral: boolean;
  /** voxel = stored + intercept always fits Int16 (no flip, slope 1, whole intercept): no clamp, no round. */
  addOnly: boolean;
}

export function frameConversion(inst: DicomInstance, policy: PixelPolicy): FrameConversion {
  const [lo, hi] = storedRange(inst);
  const flipSum = policy.invertMonochrome1 ? lo + hi : undefined;
  const slope = policy.mode === 'modality' ? inst.rescaleSlope : 1;
  const intercept = policy.mode === 'modality' ? inst.rescaleIntercept : -policy.offset;
  const fitsInt16 = lo + intercept >= -32768 && hi + intercept <= 32767;
  const integral = Number.isInteger(slope) && Number.isInteger(intercept);
  return {
    pad: paddingStored(inst),
    padVoxel: policy.paddingVoxel,
    flipSum,
    slope,
    intercept,
    integral,
    addOnly: flipSum === undefined && slope === 1 && Number.isInteger(intercept) && fitsInt16,
  };
}

/**
 * Converts one decoded frame and writes it into `target` at `offset` (one pass, no intermediate copy).
 * @returns how many voxels had to be clipped to the Int16 range.
 */
export function writeFrame(
  frame: DecodedFrame,
  inst: DicomInstance,
  policy: PixelPolicy,
  target: Int16Array,
  offset: number,
): number {
  const count = inst.rows * inst.columns;
  if (frame.rows !== inst.rows || frame.columns !== inst.columns || frame.pixels.length < count) {
    throw new Error(
      `${inst.path}: decoded ${frame.columns}x${frame.rows} pixels, header says ${inst.columns}x${inst.rows}`,
    );
  }
  if (frame.samplesPerPixel !== 1) throw new Error(`${inst.path}: colour pixels in a grayscale series`);
  const src = frame.pixels;
  const dst = target.subarray(offset, offset + count);
  const { pad, padVoxel, flipSum, slope, intercept, integral, addOnly } = frameConversion(inst, policy);
  // The common case (CT with slope 1, integer intercept, <= 16 bits): one add per pixel, no clamp.
  if (addOnly && isSmallInteger(src)) {
    if (pad === undefined) for (let p = 0; p < count; p++) dst[p] = src[p]! + intercept;
    else {
      for (let p = 0; p < count; p++) {
        const stored = src[p]!;
        dst[p] = stored === pad ? padVoxel : stored + intercept;
      }
    }
    return 0;
  }
  let clipped = 0;
  for (let p = 0; p < count; p++) {
    let stored = src[p]!;
    if (stored === pad) {
      dst[p] = padVoxel;
      continue;
    }
    if (flipSum !== undefined) stored = flipSum - stored;
    let v = stored * slope + intercept;
    if (!integral) v = Math.round(v);
    if (v > 32767) {
      v = 32767;
      clipped++;
    } else if (v < -32768) {
      v = -32768;
      clipped++;
    }
    dst[p] = v;
  }
  return clipped;
}

/** Decoders mask to BitsStored, so these hold only values inside the stored range. */
const isSmallInteger = (a: DecodedFrame['pixels']): boolean =>
  a instanceof Int16Array || a instanceof Uint16Array || a instanceof Uint8Array || a instanceof Int8Array;
