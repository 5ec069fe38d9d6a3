import type { Mat4 } from '../../core/mat4';
import { scale, type Vec3 } from '../../core/vec3';
import type { SliceImageRef, Volume, VolumeMetadata } from '../../volume/volume';
import { allocateVoxels } from '../../volume/voxelStorage';
import { SPINEPLAN_DEMO_MARKER } from '../demoMarker';
import type { DecodedFrame, DicomInstance } from '../types';
import { columnDirection, rowDirection } from './geometry';
import type { HasInstance } from './group';
import type { StackLayout } from './layout';
import { choosePixelPolicy, type PixelPolicy, writeFrame } from './pixels';
import type { OrderedStack } from './stack';

export type FrameDecoder<T> = (source: T, frameIndex: number) => Promise<DecodedFrame>;

/**
 * Writes a frame straight into the volume when it can (e.g. native pixel data read from the file bytes),
 * returning the clipped count; undefined sends the frame through `decode` + writeFrame instead.
 */
export type DirectFrameWriter<T> = (
  source: T,
  frameIndex: number,
  policy: PixelPolicy,
  target: Int16Array,
  offset: number,
) => number | undefined;

/**
 * Where frames come from when the sources hold only headers: `read` gives a source holding the frame's
 * bytes (read from the file now), dropped once the frame is in the volume.
 */
export interface FrameReader<T> {
  read: (source: T, frameIndex: number) => Promise<T>;
}

/** Frames asked for at once: keeps a worker pool busy without holding every encoded frame in flight. */
const DECODES_IN_FLIGHT = 8;

/**
 * Voxel (i, j, k) -> LPS, row-major (PS3.3 C.7.6.2.1.1): column 0 = row direction * column spacing,
 * column 1 = column direction * row spacing, column 2 = slice step (sheared under gantry tilt), column 3 = origin.
 */
export function voxelToPatient(
  iop: DicomInstance['frames'][number]['imageOrientationPatient'],
  pixelSpacing: readonly [number, number],
  stepLps: Vec3,
  originLps: Vec3,
): Mat4 {
  const [rowSpacing, colSpacing] = pixelSpacing;
  const c0 = scale(rowDirection(iop), colSpacing);
  const c1 = scale(columnDirection(iop), rowSpacing);
  const rows = [0, 1, 2].flatMap((r) => [c0[r]!, c1[r]!, stepLps[r]!, originLps[r]!]);
  return [...rows, 0, 0, 0, 1];
}

function metadataOf(inst: DicomInstance): VolumeMetadata {
  const meta: VolumeMetadata = {
    patientName: inst.patientName,
    patientId: inst.patientId,
    studyDate: inst.studyDate,
    studyDescription: inst.studyDescription,
    seriesDescription: inst.seriesDescription,
    seriesInstanceUid: inst.seriesInstanceUid,
    studyInstanceUid: inst.studyInstanceUid,
    frameOfReferenceUid: inst.frameOfReferenceUid,
    modality: inst.modality,
    isDemo: inst.imageComments === SPINEPLAN_DEMO_MARKER,
  };
  if (inst.windowCenter !== undefined) meta.windowCenter = inst.windowCenter;
  if (inst.windowWidth !== undefined) meta.windowWidth = inst.windowWidth;
  return meta;
}

/** The acquired image behind each output slice; null where the slice was interpolated (layout.plan weight > 0). */
function sliceImagesOf<T extends HasInstance>(
  stack: OrderedStack<T>,
  layout: StackLayout,
): (SliceImageRef | null)[] {
  return layout.plan.map(({ below, weight }) => {
    const slice = stack.slices[below];
    if (weight !== 0 || !slice || !slice.source.instance.sopInstanceUid) return null;
    const { sopClassUid, sopInstanceUid, numberOfFrames } = slice.source.instance;
    return numberOfFrames > 1
      ? { sopClassUid, sopInstanceUid, frameNumber: slice.frameIndex + 1 }
      : { sopClassUid, sopInstanceUid };
  });
}

/** Runs `task` for 0..count-1 with at most `limit` pending at a time; rejects on the first failure. */
async function forEachLimited(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

/**
 * Decodes every slice of a laid-out stack and writes it straight into one Int16Array. Even stacks are
 * written in place (one copy); resampled stacks are first written as acquired, then interpolated.
 * Frames `writeDirect` takes (native pixel data) skip `decode` and its intermediate arrays. `frameReader`
 * reads each frame's bytes when its sources hold only headers (files parsed header first), at most
 * DECODES_IN_FLIGHT at a time; they are dropped once the frame is written.
 */
export async function assembleVolume<T extends HasInstance>(
  stack: OrderedStack<T>,
  layout: StackLayout,
  decode: FrameDecoder<T>,
  onProgress?: (done: number, total: number) => void,
  writeDirect?: DirectFrameWriter<T>,
  frameReader?: FrameReader<T>,
  allocate: (length: number) => Int16Array = allocateVoxels,
  acquiredInto?: Int16Array,
): Promise<Volume> {
  const first = stack.slices[0]!;
  const inst = first.source.instance;
  const sliceVoxels = inst.columns * inst.rows;
  const sourceCount = stack.slices.length;
  const { policy, warnings: pixelWarnings } = choosePixelPolicy([
    ...new Set(stack.slices.map((s) => s.source.instance)),
  ]);

  // Resampled stacks are interpolated into a second array: only that one is the volume's storage.
  // `acquiredInto`: the caller's array the stack is written into (its voxels may lie there already).
  const acquiredLength = sliceVoxels * sourceCount;
  const acquired = layout.resampled
    ? new Int16Array(acquiredLength)
    : acquiredInto?.length === acquiredLength
      ? acquiredInto
      : allocate(acquiredLength);
  let done = 0;
  let clipped = 0;
  onProgress?.(0, sourceCount);
  await forEachLimited(sourceCount, DECODES_IN_FLIGHT, async (k) => {
    const slice = stack.slices[k]!;
    const at = k * sliceVoxels;
    const source = frameReader ? await frameReader.read(slice.source, slice.frameIndex) : slice.source;
    const direct = writeDirect?.(source, slice.frameIndex, policy, acquired, at);
    if (direct !== undefined) clipped += direct;
    else
      clipped += writeFrame(
        await decode(source, slice.frameIndex),
        slice.source.instance,
        policy,
        acquired,
        at,
      );
    onProgress?.(++done, sourceCount);
  });

  const data = layout.resampled ? resample(acquired, sliceVoxels, layout, allocate) : acquired;
  const warnings = [...stack.warnings, ...layout.warnings, ...pixelWarnings];
  if (clipped > 0) {
    warnings.push(`${clipped} voxel values were outside the storable range (-32768..32767) and were clipped`);
  }
  const { imageOrientationPatient: iop, pixelSpacing } = first.geometry;
  return {
    id: stack.key,
    dims: [inst.columns, inst.rows, layout.plan.length],
    spacingMm: [pixelSpacing[1], pixelSpacing[0], layout.stepMm],
    ijkToLps: voxelToPatient(iop, pixelSpacing, layout.stepLps, layout.originLps),
    data,
    rescaleSlope: policy.volumeSlope,
    rescaleIntercept: policy.volumeIntercept,
    metadata: { ...metadataOf(inst), sliceImages: sliceImagesOf(stack, layout) },
    warnings,
  };
}

/** Linear interpolation between the two neighbouring acquired slices at the same (i, j) along the stack. */
function resample(
  acquired: Int16Array,
  sliceVoxels: number,
  layout: StackLayout,
  allocate: (length: number) => Int16Array,
): Int16Array {
  const out = allocate(sliceVoxels * layout.plan.length);
  layout.plan.forEach(({ below, above, weight }, k) => {
    const target = k * sliceVoxels;
    const lo = below * sliceVoxels;
    if (weight === 0) {
      out.set(acquired.subarray(lo, lo + sliceVoxels), target);
      return;
    }
    const hi = above * sliceVoxels;
    for (let p = 0; p < sliceVoxels; p++) {
      const a = acquired[lo + p]!;
      out[target + p] = Math.round(a + (acquired[hi + p]! - a) * weight);
    }
  });
  return out;
}
