/**
 * Building the case's no-go structures as a DICOM Segmentation (painted regions and the spine analysis's
 * structures, on the CT's grid), DOM-free so it runs in the SEG worker (segWorker.ts), in Node tests and,
 * as a fallback, on the page (app/planSegmentation.ts). The Segmentation references the CT's images slice
 * by slice.
 */
import type { StructureSet } from '../analysis/types';
import { type SegmentKind, segmentCodes } from '../dicom/write/segCodes';
import { parseHexColour } from '../dicom/write/segColour';
import { buildSegmentation, type SegSegmentInput } from '../dicom/write/segmentation';
import type { StudyAttributes } from '../dicom/write/studyModules';
import type { MaskGrid, PaintedRegion } from '../planning/noGoMask';
import { automaticSegments, type NoGoSegment, paintedSegments } from '../planning/noGoSegments';
import type { Plan } from '../planning/planFile';
import type { Volume } from '../volume/volume';

export const SEG_SERIES_DESCRIPTION = 'Spineplan no-go structures';
export const ANALYSIS_ALGORITHM_NAME = 'Spineplan spine analysis';

/** The clearance margin of a painted region travels in the segment description (it has no attribute). */
const MARGIN_PREFIX = 'Required clearance';
const marginText = (mm: number) => `${MARGIN_PREFIX} ${mm} mm`;
export const marginOf = (description: string): number | undefined => {
  const m = new RegExp(`${MARGIN_PREFIX} (-?[0-9.]+) mm`).exec(description);
  const v = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(v) ? v : undefined;
};

export const gridOfVolume = (v: Pick<Volume, 'dims' | 'ijkToLps'>): MaskGrid => ({
  dims: v.dims,
  ijkToLps: v.ijkToLps,
});

/** The segments of a case: painted regions first (the user's own), then the automatic structures. */
export function caseSegments(
  plan: Pick<Plan, 'noGoMasks'>,
  volume: Pick<Volume, 'dims' | 'ijkToLps'>,
  structures: StructureSet | undefined,
): NoGoSegment[] {
  const grid = gridOfVolume(volume);
  return [
    ...paintedSegments(plan.noGoMasks, grid),
    ...(structures ? automaticSegments(structures, grid) : []),
  ];
}

function segmentInput(s: NoGoSegment, regions: readonly PaintedRegion[]): SegSegmentInput {
  const codes = segmentCodes(s.kind as SegmentKind, s.side);
  const margin = regions.find((r) => r.id === s.id)?.marginMm;
  const input: SegSegmentInput = {
    label: s.label,
    algorithmType: s.automatic ? 'AUTOMATIC' : 'MANUAL',
    ...codes,
    colourRgb: parseHexColour(s.colour) ?? [255, 60, 120],
    slices: s.slices,
  };
  if (s.automatic) input.algorithmName = ANALYSIS_ALGORITHM_NAME;
  if (!s.automatic && margin !== undefined) input.description = marginText(margin);
  return input;
}

/** What the Segmentation is made from: plain data (postMessage copies it to the SEG worker). */
export interface CaseSegmentationInput {
  plan: Pick<Plan, 'noGoMasks'>;
  volume: Pick<Volume, 'dims' | 'ijkToLps' | 'metadata'>;
  structures: StructureSet | undefined;
  study: StudyAttributes;
  now: Date;
}

/** The Segmentation of a case's no-go structures, or undefined when there are none. */
export function buildCaseSegmentation(
  args: CaseSegmentationInput,
): (ReturnType<typeof buildSegmentation> & { segments: NoGoSegment[] }) | undefined {
  const segments = caseSegments(args.plan, args.volume, args.structures);
  if (segments.length === 0) return undefined;
  const md = args.volume.metadata;
  const built = buildSegmentation({
    study: args.study,
    ct: {
      seriesInstanceUid: md.seriesInstanceUid,
      frameOfReferenceUid: md.frameOfReferenceUid,
      dims: args.volume.dims,
      ijkToLps: args.volume.ijkToLps,
      sliceImages: md.sliceImages,
    },
    segments: segments.map((s) => segmentInput(s, args.plan.noGoMasks)),
    seriesDescription: SEG_SERIES_DESCRIPTION,
    now: args.now,
  });
  return { ...built, segments };
}

/**
 * The built Segmentation as it crosses back to the page: the file and, per segment, only what the page
 * shows (the segments' voxel runs stay in the worker: for 27 structures on a CT they are tens of MB).
 */
export interface CaseSegmentationFile {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  frameCount: number;
  segments: { label: string; automatic: boolean }[];
}

/** The SEG worker's job: the Segmentation file of the case, or null when it has no no-go structure. */
export function caseSegmentationFile(input: CaseSegmentationInput): CaseSegmentationFile | null {
  const seg = buildCaseSegmentation(input);
  if (!seg) return null;
  return {
    bytes: seg.bytes,
    sopInstanceUid: seg.sopInstanceUid,
    seriesInstanceUid: seg.seriesInstanceUid,
    frameCount: seg.frameCount,
    segments: seg.segments.map((s) => ({ label: s.label, automatic: s.automatic })),
  };
}

/** The file's bytes are moved to the page, not copied. */
export const caseSegmentationTransferables = (r: CaseSegmentationFile | null): Transferable[] =>
  r ? [r.bytes.buffer as ArrayBuffer] : [];
