import type { Vec3 } from '../../core/vec3';
import { sliceNormal, slicePositionMm } from './geometry';
import type { HasInstance, SliceGroup, SliceRef } from './group';

/** A group sorted along its normal, one slice per position. */
export interface OrderedStack<T extends HasInstance> {
  key: string;
  normal: Vec3;
  /** Sorted by dot(IPP, normal), ascending (PS3.3 C.7.6.2.1.1); never by InstanceNumber or SliceLocation. */
  slices: SliceRef<T>[];
  warnings: string[];
}

/** Slices closer than this along the normal are at the same position (IPP DS noise is ~0.01 mm). */
const SAME_POSITION_MM = 0.01;

const positionOf = <T extends HasInstance>(s: SliceRef<T>, normal: Vec3): number =>
  slicePositionMm(s.geometry.imagePositionPatient, normal);

/** Total order independent of input order: position, then InstanceNumber, frame, then path. */
function sortSlices<T extends HasInstance>(slices: SliceRef<T>[], normal: Vec3): SliceRef<T>[] {
  return [...slices].sort((a, b) => {
    const d = positionOf(a, normal) - positionOf(b, normal);
    if (Math.abs(d) > SAME_POSITION_MM) return d;
    const ia = a.source.instance;
    const ib = b.source.instance;
    return (
      (ia.instanceNumber ?? 0) - (ib.instanceNumber ?? 0) ||
      a.frameIndex - b.frameIndex ||
      (ia.path < ib.path ? -1 : ia.path > ib.path ? 1 : 0)
    );
  });
}

function countDuplicates<T extends HasInstance>(sorted: readonly SliceRef<T>[], normal: Vec3): number {
  let count = 0;
  for (let k = 1; k < sorted.length; k++) {
    if (positionOf(sorted[k]!, normal) - positionOf(sorted[k - 1]!, normal) <= SAME_POSITION_MM) count++;
  }
  return count;
}

const sameImage = (a: SliceRef<HasInstance>, b: SliceRef<HasInstance>): boolean =>
  a.frameIndex === b.frameIndex &&
  a.source.instance.sopInstanceUid !== '' &&
  a.source.instance.sopInstanceUid === b.source.instance.sopInstanceUid;

/**
 * Sorts a group along its slice normal and resolves images that share a position. When each
 * AcquisitionNumber on its own is free of duplicates (e.g. a repeated scan stored in one series), the
 * group is split per acquisition; otherwise the first image per position (lowest InstanceNumber) is kept.
 * The same SOP instance present twice (a file copied into two folders) is used once.
 */
export function orderGroup<T extends HasInstance>(group: SliceGroup<T>): OrderedStack<T>[] {
  const normal = sliceNormal(group.slices[0]!.geometry.imageOrientationPatient);
  const sorted = sortSlices(group.slices, normal);
  if (countDuplicates(sorted, normal) === 0) {
    return [{ key: group.key, normal, slices: sorted, warnings: [...group.warnings] }];
  }

  const byAcquisition = new Map<number, SliceRef<T>[]>();
  for (const s of sorted) {
    const acq = s.source.instance.acquisitionNumber ?? -1;
    byAcquisition.set(acq, [...(byAcquisition.get(acq) ?? []), s]);
  }
  const parts = [...byAcquisition.entries()].sort((a, b) => a[0] - b[0]);
  if (
    parts.length > 1 &&
    parts.every(([, slices]) => slices.length > 1 && countDuplicates(slices, normal) === 0)
  ) {
    return parts.map(([acq, slices]) => ({
      key: `${group.key}|acq${acq}`,
      normal,
      slices,
      warnings: [
        ...group.warnings,
        `series holds ${parts.length} scans of the same region (acquisitions ${parts.map((p) => p[0]).join(', ')}): ` +
          `split, this is acquisition ${acq}`,
      ],
    }));
  }

  const kept: SliceRef<T>[] = [];
  let copies = 0;
  let conflicts = 0;
  for (const s of sorted) {
    const last = kept[kept.length - 1];
    if (last && positionOf(s, normal) - positionOf(last, normal) <= SAME_POSITION_MM) {
      if (sameImage(s, last)) copies++;
      else conflicts++;
      continue;
    }
    kept.push(s);
  }
  const warnings = [...group.warnings];
  if (copies > 0) warnings.push(`${copies} image${copies > 1 ? 's were' : ' was'} present twice: used once`);
  if (conflicts > 0) {
    warnings.push(
      `${conflicts} image${conflicts > 1 ? 's' : ''} at the same position as another: kept the one with the ` +
        'lowest instance number, ignored the rest',
    );
  }
  return [{ key: group.key, normal, slices: kept, warnings }];
}
