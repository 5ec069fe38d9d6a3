/**
 * A binary DICOM Segmentation (PS3.3 A.51, SOP class 1.2.840.10008.5.1.4.1.1.66.4) of no-go structures on
 * the CT's own voxel grid: one segment per structure, one frame per segment and CT slice that holds any of
 * its voxels (empty frames are left out, as PS3.3 C.8.20.2 allows), each frame placed by its Plane Position
 * and derived from the CT image of that slice. Frames on the referenced images' grid are what OHIF and
 * 3D Slicer read without resampling.
 */
import { cross, length, normalize, type Vec3 } from '../../core/vec3';
import type { SliceImageRef } from '../../volume/volume';
import type { CodedConcept } from './basicTextSr';
import { type NestedElement, randomUid, writePart10Nested } from './nested';
import type { DicomElement } from './part10';
import { type Rgb, rgbToDicomLab } from './segColour';
import { dicomDateOf, dicomTimeOf, patientStudyElements, type StudyAttributes } from './studyModules';
import { decimalString } from './values';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** Voxels of one slice as runs [start, length, ...] over i + nx * j (planning/noGoMask.ts's encoding). */
export interface SegSliceRuns {
  k: number;
  runs: readonly number[];
}

export interface SegSegmentInput {
  label: string;
  description?: string;
  /** MANUAL (painted), AUTOMATIC (the spine analysis; then algorithmName is required, PS3.3 C.8.20.2). */
  algorithmType: 'MANUAL' | 'AUTOMATIC' | 'SEMIAUTOMATIC';
  algorithmName?: string;
  category: CodedConcept;
  type: CodedConcept;
  typeModifier?: CodedConcept;
  colourRgb: Rgb;
  /** Voxels on the CT grid, by ascending k. */
  slices: readonly SegSliceRuns[];
}

/** The CT the segmentation is made on: its grid and the images behind its slices. */
export interface SegReferencedCt {
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  dims: readonly [number, number, number];
  /** Voxel centre -> LPS mm, row-major 4x4 (Volume.ijkToLps). */
  ijkToLps: readonly number[];
  sliceImages?: readonly (SliceImageRef | null)[];
}

export interface SegmentationInput {
  study: StudyAttributes;
  ct: SegReferencedCt;
  segments: readonly SegSegmentInput[];
  seriesDescription: string;
  now: Date;
  seriesNumber?: number;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  contentCreatorName?: string;
  softwareVersion?: string;
}

const code = (c: CodedConcept): NestedElement[][] => [
  [
    { tag: 0x00080100, vr: 'SH', value: c.value },
    { tag: 0x00080102, vr: 'SH', value: c.scheme },
    { tag: 0x00080104, vr: 'LO', value: c.meaning.slice(0, 64) },
  ],
];

/** DCM 121322 "Source image for image processing operation" (PS3.16 CID 7202). */
const PURPOSE_SOURCE: CodedConcept = {
  value: '121322',
  scheme: 'DCM',
  meaning: 'Source image for image processing operation',
};
/** DCM 113076 "Segmentation" (PS3.16 CID 7203). */
const DERIVATION_SEGMENTATION: CodedConcept = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };

const ds = (values: readonly number[]) => values.map(decimalString).join('\\');
const column = (m: readonly number[], c: number): Vec3 => [m[c]!, m[4 + c]!, m[8 + c]!];

/** The grid's Plane Orientation, Pixel Measures and per-slice positions (PS3.3 C.7.6.2.1.1 inverted). */
export function gridPlanes(ct: Pick<SegReferencedCt, 'ijkToLps'>) {
  const m = ct.ijkToLps;
  const c0 = column(m, 0);
  const c1 = column(m, 1);
  const c2 = column(m, 2);
  const rowDir = normalize(c0);
  const colDir = normalize(c1);
  const normal = normalize(cross(rowDir, colDir));
  const spacingBetween = Math.abs(c2[0] * normal[0] + c2[1] * normal[1] + c2[2] * normal[2]);
  return {
    orientation: [...rowDir, ...colDir],
    /** PixelSpacing: between rows (along the column direction), then between columns. */
    pixelSpacing: [length(c1), length(c0)] as const,
    spacingBetweenSlicesMm: spacingBetween,
    positionOf: (k: number): Vec3 => [m[3]! + k * c2[0], m[7]! + k * c2[1], m[11]! + k * c2[2]],
  };
}

/** Sets bits [from, to) of a little-endian bit stream (PS3.5 8.1.1: first pixel in the lowest bit). */
function setBits(bits: Uint8Array, from: number, to: number) {
  let at = from;
  while (at < to && at % 8 !== 0) {
    bits[at >>> 3]! |= 1 << (at & 7);
    at++;
  }
  const wholeEnd = to - (to % 8);
  if (at < wholeEnd) {
    bits.fill(0xff, at >>> 3, wholeEnd >>> 3);
    at = wholeEnd;
  }
  while (at < to) {
    bits[at >>> 3]! |= 1 << (at & 7);
    at++;
  }
}

interface Frame {
  segment: number;
  k: number;
  runs: readonly number[];
}

/** Builds the Part 10 file of the Segmentation; returns its bytes, UIDs and frame count. */
export function buildSegmentation(input: SegmentationInput): {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  frameCount: number;
} {
  const { ct } = input;
  const [nx, ny, nz] = ct.dims;
  const frames: Frame[] = [];
  input.segments.forEach((s, index) => {
    for (const slice of s.slices) {
      if (slice.k < 0 || slice.k >= nz || !Number.isInteger(slice.k)) {
        throw new RangeError(`segment "${s.label}": slice ${slice.k} is outside the CT's ${nz} slices`);
      }
      if (slice.runs.length > 0) frames.push({ segment: index + 1, k: slice.k, runs: slice.runs });
    }
  });
  if (frames.length === 0) throw new Error('nothing to segment: every structure is empty');

  const sopInstanceUid = input.sopInstanceUid ?? randomUid();
  const seriesInstanceUid = input.seriesInstanceUid ?? randomUid();
  const dimensionOrganizationUid = randomUid();
  const planes = gridPlanes(ct);
  const sliceVoxels = nx * ny;

  // Pixel data: every frame's bits back to back, no padding between frames (PS3.5 8.1.1, 8.2).
  const bits = new Uint8Array(Math.ceil((frames.length * sliceVoxels) / 8));
  frames.forEach((frame, f) => {
    const base = f * sliceVoxels;
    for (let r = 0; r + 1 < frame.runs.length; r += 2) {
      const start = frame.runs[r]!;
      const end = start + frame.runs[r + 1]!;
      if (start < 0 || end > sliceVoxels)
        throw new RangeError(`a run leaves slice ${frame.k}'s ${nx} x ${ny} grid`);
      setBits(bits, base + start, base + end);
    }
  });

  // DimensionIndexValues are 1-based ranks among the values used (PS3.3 C.7.6.17.1).
  const usedK = [...new Set(frames.map((f) => f.k))].sort((a, b) => a - b);
  const rankOfK = new Map(usedK.map((k, i) => [k, i + 1]));

  const referenced = new Map<string, SliceImageRef>();
  const perFrame: NestedElement[][] = frames.map((frame) => {
    const item: NestedElement[] = [
      {
        tag: 0x00209111,
        vr: 'SQ',
        items: [[{ tag: 0x00209157, vr: 'UL', value: [frame.segment, rankOfK.get(frame.k)!] }]],
      },
      {
        tag: 0x00209113,
        vr: 'SQ',
        items: [[{ tag: 0x00200032, vr: 'DS', value: ds(planes.positionOf(frame.k)) }]],
      },
      {
        tag: 0x0062000a,
        vr: 'SQ',
        items: [[{ tag: 0x0062000b, vr: 'US', value: [frame.segment] }]],
      },
    ];
    const source = ct.sliceImages?.[frame.k];
    if (source) {
      referenced.set(source.sopInstanceUid, source);
      const sourceItem: NestedElement[] = [
        { tag: 0x00081150, vr: 'UI', value: source.sopClassUid },
        { tag: 0x00081155, vr: 'UI', value: source.sopInstanceUid },
        { tag: 0x0040a170, vr: 'SQ', items: code(PURPOSE_SOURCE) },
      ];
      if (source.frameNumber !== undefined)
        sourceItem.push({ tag: 0x00081160, vr: 'IS', value: String(source.frameNumber) });
      item.push({
        tag: 0x00089124,
        vr: 'SQ',
        items: [
          [
            { tag: 0x00082112, vr: 'SQ', items: [sourceItem] },
            { tag: 0x00089215, vr: 'SQ', items: code(DERIVATION_SEGMENTATION) },
          ],
        ],
      });
    }
    return item;
  });

  const segmentItems: NestedElement[][] = input.segments.map((s, index) => {
    const item: NestedElement[] = [
      { tag: 0x00620004, vr: 'US', value: [index + 1] },
      { tag: 0x00620005, vr: 'LO', value: s.label.slice(0, 64) },
      { tag: 0x00620008, vr: 'CS', value: s.algorithmType },
      { tag: 0x0062000d, vr: 'US', value: rgbToDicomLab(s.colourRgb) },
      { tag: 0x00620003, vr: 'SQ', items: code(s.category) },
      { tag: 0x0062000f, vr: 'SQ', items: code(s.type) },
    ];
    if (s.description) item.push({ tag: 0x00620006, vr: 'ST', value: s.description.slice(0, 1024) });
    if (s.algorithmType !== 'MANUAL')
      item.push({ tag: 0x00620009, vr: 'LO', value: (s.algorithmName ?? 'Spineplan').slice(0, 64) });
    if (s.typeModifier) item.push({ tag: 0x00620011, vr: 'SQ', items: code(s.typeModifier) });
    return item;
  });

  const software = input.softwareVersion ?? 'Spineplan';
  const flat: DicomElement[] = [
    ...patientStudyElements(input.study),
    // SOP Common (PS3.3 C.12.1): UTF-8, so structure names in any language survive.
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    { tag: 0x00080016, vr: 'UI', value: SEGMENTATION_STORAGE },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    // General Image / Segmentation Image (PS3.3 C.8.20.2): a derived image, binary, not lossy.
    { tag: 0x00080008, vr: 'CS', value: 'DERIVED\\PRIMARY' },
    { tag: 0x00080023, vr: 'DA', value: dicomDateOf(input.now) },
    { tag: 0x00080033, vr: 'TM', value: dicomTimeOf(input.now) },
    { tag: 0x00080060, vr: 'CS', value: 'SEG' },
    { tag: 0x00080070, vr: 'LO', value: 'Spineplan' },
    { tag: 0x0008103e, vr: 'LO', value: input.seriesDescription.slice(0, 64) },
    { tag: 0x00081090, vr: 'LO', value: 'Spineplan' },
    { tag: 0x00181000, vr: 'LO', value: 'SPINEPLAN-WEB' },
    { tag: 0x00181020, vr: 'LO', value: software.slice(0, 64) },
    { tag: 0x0020000e, vr: 'UI', value: seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: String(input.seriesNumber ?? 9002) },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x00200052, vr: 'UI', value: ct.frameOfReferenceUid },
    { tag: 0x00201040, vr: 'LO', value: '' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280008, vr: 'IS', value: String(frames.length) },
    { tag: 0x00280010, vr: 'US', value: [ny] },
    { tag: 0x00280011, vr: 'US', value: [nx] },
    { tag: 0x00280100, vr: 'US', value: [1] },
    { tag: 0x00280101, vr: 'US', value: [1] },
    { tag: 0x00280102, vr: 'US', value: [0] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x00282110, vr: 'CS', value: '00' },
    // Content Identification (PS3.3 C.10.9)
    { tag: 0x00700080, vr: 'CS', value: 'NOGO' },
    { tag: 0x00700081, vr: 'LO', value: 'No-go structures for needle planning' },
    { tag: 0x00700084, vr: 'PN', value: input.contentCreatorName ?? '' },
    { tag: 0x00620001, vr: 'CS', value: 'BINARY' },
    { tag: 0x7fe00010, vr: 'OB', value: bits },
  ];
  const referencedImages = [...referenced.values()];
  const dataSet: NestedElement[] = [
    ...flat,
    { tag: 0x00620002, vr: 'SQ', items: segmentItems },
    // Multi-frame Dimension (PS3.3 C.7.6.17): segment number, then position along the stack.
    { tag: 0x00209221, vr: 'SQ', items: [[{ tag: 0x00209164, vr: 'UI', value: dimensionOrganizationUid }]] },
    {
      tag: 0x00209222,
      vr: 'SQ',
      items: [
        [
          { tag: 0x00209164, vr: 'UI', value: dimensionOrganizationUid },
          { tag: 0x00209165, vr: 'AT', value: [0x0062000b] },
          { tag: 0x00209167, vr: 'AT', value: [0x0062000a] },
          { tag: 0x00209421, vr: 'LO', value: 'Segment number' },
        ],
        [
          { tag: 0x00209164, vr: 'UI', value: dimensionOrganizationUid },
          { tag: 0x00209165, vr: 'AT', value: [0x00200032] },
          { tag: 0x00209167, vr: 'AT', value: [0x00209113] },
          { tag: 0x00209421, vr: 'LO', value: 'Image position' },
        ],
      ],
    },
    // Shared Functional Groups: one orientation and voxel size for every frame (the CT's).
    {
      tag: 0x52009229,
      vr: 'SQ',
      items: [
        [
          {
            tag: 0x00289110,
            vr: 'SQ',
            items: [
              [
                { tag: 0x00180050, vr: 'DS', value: decimalString(planes.spacingBetweenSlicesMm) },
                { tag: 0x00180088, vr: 'DS', value: decimalString(planes.spacingBetweenSlicesMm) },
                { tag: 0x00280030, vr: 'DS', value: ds(planes.pixelSpacing) },
              ],
            ],
          },
          {
            tag: 0x00209116,
            vr: 'SQ',
            items: [[{ tag: 0x00200037, vr: 'DS', value: ds(planes.orientation) }]],
          },
        ],
      ],
    },
    { tag: 0x52009230, vr: 'SQ', items: perFrame },
  ];
  if (referencedImages.length > 0) {
    // Common Instance Reference (PS3.3 C.12.2): the CT images the frames derive from.
    dataSet.push({
      tag: 0x00081115,
      vr: 'SQ',
      items: [
        [
          { tag: 0x0020000e, vr: 'UI', value: ct.seriesInstanceUid },
          {
            tag: 0x0008114a,
            vr: 'SQ',
            items: referencedImages.map((r) => [
              { tag: 0x00081150, vr: 'UI', value: r.sopClassUid },
              { tag: 0x00081155, vr: 'UI', value: r.sopInstanceUid },
            ]),
          },
        ],
      ],
    });
  }
  return { bytes: writePart10Nested(dataSet), sopInstanceUid, seriesInstanceUid, frameCount: frames.length };
}
