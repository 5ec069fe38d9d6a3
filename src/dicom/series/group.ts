import { angleDeg } from '../../core/vec3';
import type { DicomInstance, FrameGeometry, SkipReason } from '../types';
import { checkFrameGeometry } from './frameCheck';
import { orientationKey, sliceNormal } from './geometry';

/** Anything that carries a parsed header: ParsedDicom in the app, bare headers in tests. */
export interface HasInstance {
  instance: DicomInstance;
}

/** One 2D slice: a classic image, or one frame of an enhanced multi-frame file. */
export interface SliceRef<T extends HasInstance> {
  source: T;
  frameIndex: number;
  geometry: FrameGeometry;
}

export interface SliceGroup<T extends HasInstance> {
  /** Stable across input order: built from UIDs or geometry, never from file order. */
  key: string;
  slices: SliceRef<T>[];
  warnings: string[];
}

export interface GroupResult<T extends HasInstance> {
  groups: SliceGroup<T>[];
  /** Localizers, non-images, colour images and images without geometry: listed, not stacked. */
  apart: SkipReason[];
}

/** A single image this far from the rest of its series is a localizer (orthogonal scout), not a slice. */
const LOCALIZER_ANGLE_DEG = 45;

const round3 = (v: number): string => (Math.round(v * 1000) / 1000 || 0).toFixed(3);

/** Images that can be stacked must agree on these (PS3.3 C.7.6.2: same plane, size and spacing). */
function geometryKey(inst: DicomInstance, g: FrameGeometry): string {
  return [
    orientationKey(g.imageOrientationPatient),
    `${inst.columns}x${inst.rows}`,
    g.pixelSpacing.map(round3).join('\\'),
  ].join('|');
}

/**
 * Splits slices by FrameOfReferenceUID when that forms real stacks (each part 2+ images). Some
 * anonymisers give every image its own FoR UID (LIDC-IDRI does): then the UID carries no meaning, the
 * images stay together and a warning says so.
 */
function splitByFrameOfReference<T extends HasInstance>(
  geomKey: string,
  slices: SliceRef<T>[],
): { key: string; slices: SliceRef<T>[]; warnings: string[] }[] {
  const byFor = new Map<string, SliceRef<T>[]>();
  for (const s of slices) {
    const uid = s.source.instance.frameOfReferenceUid;
    byFor.set(uid, [...(byFor.get(uid) ?? []), s]);
  }
  if (byFor.size === 1) return [{ key: `${geomKey}|${[...byFor.keys()][0]}`, slices, warnings: [] }];
  if ([...byFor.values()].every((part) => part.length > 1)) {
    return [...byFor.entries()].map(([uid, part]) => ({
      key: `${geomKey}|${uid}`,
      slices: part,
      warnings: [],
    }));
  }
  const warning = `images carry ${byFor.size} different frame-of-reference UIDs (usually an anonymiser's doing): treated as one`;
  return [{ key: `${geomKey}|*`, slices, warnings: [warning] }];
}

/** Why an image cannot be a slice of a grayscale volume, or undefined if it can. */
function reasonApart(inst: DicomInstance): SkipReason | undefined {
  const path = inst.path;
  if (!inst.hasPixelData || inst.rows === 0 || inst.columns === 0) {
    const what = inst.modality ? `${inst.modality} object` : 'object';
    return { path, kind: 'not-an-image', message: `${path}: ${what} without pixel data (not an image)` };
  }
  if (inst.imageType.some((t) => t.toUpperCase() === 'LOCALIZER')) {
    return { path, kind: 'not-an-image', message: `${path}: localizer (scout) image, not part of a volume` };
  }
  if (inst.samplesPerPixel !== 1) {
    return {
      path,
      kind: 'not-an-image',
      message: `${path}: colour image (${inst.photometricInterpretation || `${inst.samplesPerPixel} samples`}): not a grayscale volume`,
    };
  }
  const frameCount = Math.max(1, inst.numberOfFrames);
  if (inst.frames.length !== frameCount) {
    return {
      path,
      kind: 'inconsistent',
      message:
        `${path}: ` +
        (inst.frames.length === 0
          ? 'no patient position/orientation (ImagePositionPatient, ImageOrientationPatient): cannot be placed in 3D'
          : `${frameCount} frames but positions for ${inst.frames.length}: cannot be placed in 3D`),
    };
  }
  return undefined;
}

/**
 * Groups images into stackable series: by StudyInstanceUID + SeriesInstanceUID, then split where
 * orientation, size, pixel spacing or FrameOfReferenceUID differ. Files with empty UIDs (seen in
 * anonymised exports) are grouped by that geometry alone. A lone image orthogonal to the rest of its
 * series is set apart as a localizer.
 */
export function groupSlices<T extends HasInstance>(sources: readonly T[]): GroupResult<T> {
  const apart: SkipReason[] = [];
  const byUid = new Map<string, Map<string, SliceRef<T>[]>>();
  const notes = new Map<string, Set<string>>();
  for (const source of sources) {
    const inst = source.instance;
    const reason = reasonApart(inst);
    if (reason) {
      apart.push(reason);
      continue;
    }
    const checks = inst.frames.map(checkFrameGeometry);
    const bad = checks.find((c) => !c.ok);
    if (bad && !bad.ok) {
      apart.push({ path: inst.path, kind: 'inconsistent', message: `${inst.path}: ${bad.message}` });
      continue;
    }
    checks.forEach((check, frameIndex) => {
      if (!check.ok) return;
      const geometry = check.geometry;
      const geomKey = geometryKey(inst, geometry);
      const uidKey = inst.seriesInstanceUid
        ? `uid:${inst.studyInstanceUid}|${inst.seriesInstanceUid}`
        : `geom:${inst.studyInstanceUid}|${inst.modality}`;
      if (check.note) notes.set(uidKey, (notes.get(uidKey) ?? new Set()).add(check.note));
      const subgroups = byUid.get(uidKey) ?? new Map<string, SliceRef<T>[]>();
      byUid.set(uidKey, subgroups);
      const list = subgroups.get(geomKey) ?? [];
      subgroups.set(geomKey, list);
      list.push({ source, frameIndex, geometry });
    });
  }

  const groups: SliceGroup<T>[] = [];
  for (const [uidKey, subgroups] of byUid) {
    const parts = [...subgroups.entries()]
      .flatMap(([geomKey, slices]) => splitByFrameOfReference(geomKey, slices))
      .sort((a, b) => b.slices.length - a.slices.length || cmp(a.key, b.key));
    const main = parts[0]!.slices[0]!.geometry.imageOrientationPatient;
    const kept = parts.filter(({ slices }, index) => {
      if (index === 0 || slices.length > 1) return true;
      const only = slices[0]!;
      const angle = angleDeg(sliceNormal(only.geometry.imageOrientationPatient), sliceNormal(main));
      if (Math.min(angle, 180 - angle) < LOCALIZER_ANGLE_DEG) return true;
      apart.push({
        path: only.source.instance.path,
        kind: 'not-an-image',
        message: `${only.source.instance.path}: localizer, a single image orthogonal to the rest of its series, not part of the volume`,
      });
      return false;
    });
    // Series with UIDs stay one group per geometry; UID-less files are grouped by geometry anyway.
    const split = uidKey.startsWith('uid:') && kept.length > 1;
    const splitWarning = `series split in ${kept.length} parts: its images differ in orientation, size or frame of reference`;
    for (const part of kept) {
      groups.push({
        key: `${uidKey}|${part.key}`,
        slices: part.slices,
        warnings: [
          ...(split ? [...part.warnings, splitWarning] : part.warnings),
          ...(notes.get(uidKey) ?? []),
        ],
      });
    }
  }
  groups.sort((a, b) => cmp(a.key, b.key));
  return { groups, apart: apart.sort((a, b) => cmp(a.path, b.path)) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
