/**
 * Reads a binary DICOM Segmentation (PS3.3 A.51, C.8.20) back onto a CT's voxel grid: each segment's
 * voxels as run lists per slice (the encoding of planning/noGoMask.ts), with its label, codes and colour.
 * Frames are placed by their Plane Position and the shared/per-frame Plane Orientation and Pixel Measures
 * (PS3.3 C.7.6.16.2.1-3); a frame that does not lie on the CT's grid is not guessed at: it is left out and
 * listed in `losses`.
 */
import { invert4, type Mat4, transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import type { CodedConcept } from '../write/basicTextSr';
import { kindOfCodes, type SegmentKind, type SegmentSide } from '../write/segCodes';
import { dicomLabToRgb } from '../write/segColour';
import type { SegSliceRuns } from '../write/segmentation';
import type { DataSet } from './dicomParserLib';
import { readDataSet } from './readDataSet';

export const SEGMENTATION_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.66.4';

export interface ReadSegment {
  number: number;
  label: string;
  description: string;
  algorithmType: string;
  algorithmName: string;
  category: CodedConcept | undefined;
  type: CodedConcept | undefined;
  typeModifier: CodedConcept | undefined;
  /** What this app wrote it as (painted region, thecal sac...), when the codes are ours or SNOMED's. */
  kind: { kind: SegmentKind; side?: SegmentSide } | undefined;
  colourRgb: [number, number, number] | undefined;
  /** Voxels on the target grid by ascending k; empty slices left out. */
  slices: SegSliceRuns[];
  voxelCount: number;
}

export interface ReadSegmentation {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  /** The series the frames derive from (Referenced Series Sequence), '' when not given. */
  referencedSeriesUid: string;
  seriesDescription: string;
  segments: ReadSegment[];
  /** What could not be brought onto the grid, in words (empty when everything was). */
  losses: string[];
}

export interface TargetGrid {
  dims: readonly [number, number, number];
  ijkToLps: Mat4;
  frameOfReferenceUid?: string;
}

export class SegmentationReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SegmentationReadError';
  }
}

const items = (ds: DataSet | undefined, tag: string): DataSet[] =>
  (ds?.elements[tag]?.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined);
/** Text in the data set's character set: UTF-8 for ISO_IR 192, Latin-1 otherwise (PS3.3 C.12.1.1.2). */
let decoder = new TextDecoder('latin1');
const text = (ds: DataSet | undefined, tag: string): string => {
  const el = ds?.elements[tag];
  if (!ds || !el || el.length === 0 || el.dataOffset + el.length > ds.byteArray.length) return '';
  const raw = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  return decoder
    .decode(raw)
    .replace(/[\s\0]+$/, '')
    .trim();
};
const numbers = (ds: DataSet | undefined, tag: string): number[] | undefined => {
  const raw = ds?.string(tag);
  if (raw === undefined) return undefined;
  const values = raw.split('\\').map(Number);
  return values.every(Number.isFinite) ? values : undefined;
};

function codeOf(ds: DataSet | undefined, tag: string): CodedConcept | undefined {
  const item = items(ds, tag)[0];
  if (!item) return undefined;
  return {
    value: text(item, 'x00080100'),
    scheme: text(item, 'x00080102'),
    meaning: text(item, 'x00080104'),
  };
}

/** A functional group attribute: the frame's own item, else the shared one (PS3.3 C.7.6.16). */
function groupValue(
  perFrame: DataSet | undefined,
  shared: DataSet | undefined,
  sequence: string,
  tag: string,
): number[] | undefined {
  return numbers(items(perFrame, sequence)[0], tag) ?? numbers(items(shared, sequence)[0], tag);
}

/** Runs over the set bits of bits [from, from + count) (little-endian bit order, PS3.5 8.1.1). */
function runsOfBits(bits: Uint8Array, from: number, count: number): number[] {
  const runs: number[] = [];
  let start = -1;
  for (let p = 0; p < count; ) {
    const bit = from + p;
    // Whole zero bytes are skipped at once (segments are sparse).
    if (start < 0 && (bit & 7) === 0 && p + 8 <= count && bits[bit >>> 3] === 0) {
      p += 8;
      continue;
    }
    const on = ((bits[bit >>> 3] ?? 0) >> (bit & 7)) & 1;
    if (on && start < 0) start = p;
    else if (!on && start >= 0) {
      runs.push(start, p - start);
      start = -1;
    }
    p++;
  }
  if (start >= 0) runs.push(start, count - start);
  return runs;
}

/** Union of two sorted run lists (a segment given twice on one slice). */
function unionRuns(a: readonly number[], b: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (const list of [a, b])
    for (let r = 0; r + 1 < list.length; r += 2) pairs.push([list[r]!, list[r]! + list[r + 1]!]);
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  let [s, e] = pairs[0] ?? [0, 0];
  for (const [ps, pe] of pairs.slice(1)) {
    if (ps <= e) e = Math.max(e, pe);
    else {
      out.push(s, e - s);
      [s, e] = [ps, pe];
    }
  }
  if (pairs.length > 0) out.push(s, e - s);
  return out;
}

const close = (a: readonly number[], b: readonly number[], tolerance: number) =>
  a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

/**
 * Reads a Segmentation's bytes onto `grid` (the CT it was made on). Throws SegmentationReadError when the
 * file is not a binary Segmentation or is on another frame of reference.
 */
export function readSegmentation(bytes: Uint8Array, grid: TargetGrid): ReadSegmentation {
  const read = readDataSet(bytes);
  if (!read.ok) throw new SegmentationReadError(`not a DICOM file (${read.message})`);
  const ds = read.dataSet;
  decoder = new TextDecoder(/ISO_IR 192/.test(ds.string('x00080005') ?? '') ? 'utf-8' : 'latin1');
  const sopClass = text(ds, 'x00080016');
  if (sopClass !== SEGMENTATION_STORAGE_UID)
    throw new SegmentationReadError(`not a Segmentation (SOP class ${sopClass || 'missing'})`);
  const type = text(ds, 'x00620001');
  if (type !== 'BINARY')
    throw new SegmentationReadError(
      `a ${type || 'untyped'} Segmentation; only BINARY ones can become no-go regions`,
    );
  const frameOfReferenceUid = text(ds, 'x00200052');
  if (grid.frameOfReferenceUid && frameOfReferenceUid && frameOfReferenceUid !== grid.frameOfReferenceUid) {
    throw new SegmentationReadError(
      `made on another frame of reference (${frameOfReferenceUid}) than the open CT (${grid.frameOfReferenceUid})`,
    );
  }
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const frameCount = Number(text(ds, 'x00280008') || '1');
  const pixel = ds.elements.x7fe00010;
  if (!pixel || pixel.encapsulatedPixelData)
    throw new SegmentationReadError('no native pixel data (compressed Segmentations are not read)');
  const bits = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + pixel.dataOffset, pixel.length);
  const frameBits = rows * columns;
  if (bits.length * 8 < frameBits * frameCount)
    throw new SegmentationReadError(
      `pixel data holds fewer than ${frameCount} frames of ${columns} x ${rows}`,
    );

  const segments = new Map<number, ReadSegment>();
  for (const s of items(ds, 'x00620002')) {
    const number = s.uint16('x00620004') ?? 0;
    const lab = [0, 1, 2].map((i) => s.uint16('x0062000d', i));
    const typeCode = codeOf(s, 'x0062000f');
    const modifier = codeOf(s, 'x00620011');
    segments.set(number, {
      number,
      label: text(s, 'x00620005'),
      description: text(s, 'x00620006'),
      algorithmType: text(s, 'x00620008'),
      algorithmName: text(s, 'x00620009'),
      category: codeOf(s, 'x00620003'),
      type: typeCode,
      typeModifier: modifier,
      kind: kindOfCodes(typeCode, modifier),
      colourRgb: lab.every((v) => v !== undefined) ? dicomLabToRgb(lab as number[]) : undefined,
      slices: [],
      voxelCount: 0,
    });
  }

  const [nx, ny, nz] = grid.dims;
  const m = grid.ijkToLps;
  const toIjk = invert4(m);
  const gridRow = [m[0]!, m[4]!, m[8]!];
  const gridCol = [m[1]!, m[5]!, m[9]!];
  const spacingCol = Math.hypot(...gridRow);
  const spacingRow = Math.hypot(...gridCol);
  const gridOrientation = [...gridRow.map((v) => v / spacingCol), ...gridCol.map((v) => v / spacingRow)];
  const losses: string[] = [];
  if (rows !== ny || columns !== nx) {
    losses.push(
      `frames are ${columns} x ${rows} pixels, the CT's slices ${nx} x ${ny}: nothing could be placed`,
    );
  }
  const shared = items(ds, 'x52009229')[0];
  const perFrame = items(ds, 'x52009230');
  const bySegmentAndK = new Map<number, Map<number, number[]>>();
  let offGrid = 0;
  for (let f = 0; f < frameCount && losses.length === 0; f++) {
    const frame = perFrame[f];
    const segmentNumber =
      items(frame, 'x0062000a')[0]?.uint16('x0062000b') ?? items(shared, 'x0062000a')[0]?.uint16('x0062000b');
    const ipp = groupValue(frame, shared, 'x00209113', 'x00200032');
    const iop = groupValue(frame, shared, 'x00209116', 'x00200037');
    const spacing = groupValue(frame, shared, 'x00289110', 'x00280030');
    if (segmentNumber === undefined || !segments.has(segmentNumber) || !ipp || ipp.length !== 3) {
      offGrid++;
      continue;
    }
    const [fi, fj, fk] = transformPoint(toIjk, ipp as unknown as Vec3);
    const k = Math.round(fk);
    const onGrid =
      (!iop || close(iop, gridOrientation, 1e-4)) &&
      (!spacing || close(spacing, [spacingRow, spacingCol], 1e-3)) &&
      Math.abs(fi) < 0.01 &&
      Math.abs(fj) < 0.01 &&
      Math.abs(fk - k) < 0.01 &&
      k >= 0 &&
      k < nz;
    if (!onGrid) {
      offGrid++;
      continue;
    }
    const runs = runsOfBits(bits, f * frameBits, frameBits);
    if (runs.length === 0) continue;
    const perK = bySegmentAndK.get(segmentNumber) ?? new Map<number, number[]>();
    bySegmentAndK.set(segmentNumber, perK);
    const before = perK.get(k);
    perK.set(k, before ? unionRuns(before, runs) : runs);
  }
  if (offGrid > 0)
    losses.push(`${offGrid} of ${frameCount} frames do not lie on the open CT's slices and were left out`);

  for (const [number, perK] of bySegmentAndK) {
    const segment = segments.get(number)!;
    segment.slices = [...perK.entries()].sort((a, b) => a[0] - b[0]).map(([k, runs]) => ({ k, runs }));
    for (const s of segment.slices)
      for (let r = 1; r < s.runs.length; r += 2) segment.voxelCount += s.runs[r]!;
  }
  const referencedSeries = items(ds, 'x00081115')[0];
  return {
    sopInstanceUid: text(ds, 'x00080018'),
    seriesInstanceUid: text(ds, 'x0020000e'),
    studyInstanceUid: text(ds, 'x0020000d'),
    frameOfReferenceUid,
    referencedSeriesUid: text(referencedSeries, 'x0020000e'),
    seriesDescription: text(ds, 'x0008103e'),
    segments: [...segments.values()].sort((a, b) => a.number - b.number),
    losses,
  };
}
