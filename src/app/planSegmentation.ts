import type { StructureSet } from '../analysis/types';
import { readSegmentation } from '../dicom/parse/segmentation';
import { type SegmentKind, segmentCodes } from '../dicom/write/segCodes';
import { parseHexColour } from '../dicom/write/segColour';
import { buildSegmentation, type SegSegmentInput } from '../dicom/write/segmentation';
import type { StudyAttributes } from '../dicom/write/studyModules';
import type { MaskGrid, PaintedRegion } from '../planning/noGoMask';
import {
  automaticSegments,
  type NoGoSegment,
  paintedSegments,
  regionsFromSegments,
} from '../planning/noGoSegments';
import type { Plan } from '../planning/planFile';
import type { Volume } from '../volume/volume';

/**
 * The case's no-go structures as a DICOM Segmentation (painted regions and the spine analysis's
 * structures, on the CT's grid) and back. The Segmentation references the CT's images slice by slice.
 */

export const SEG_SERIES_DESCRIPTION = 'Spineplan no-go structures';
export const ANALYSIS_ALGORITHM_NAME = 'Spineplan spine analysis';

/** The clearance margin of a painted region travels in the segment description (it has no attribute). */
const MARGIN_PREFIX = 'Required clearance';
const marginText = (mm: number) => `${MARGIN_PREFIX} ${mm} mm`;
const marginOf = (description: string): number | undefined => {
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

/** The Segmentation of a case's no-go structures, or undefined when there are none. */
export function buildCaseSegmentation(args: {
  plan: Pick<Plan, 'noGoMasks'>;
  volume: Pick<Volume, 'dims' | 'ijkToLps' | 'metadata'>;
  structures: StructureSet | undefined;
  study: StudyAttributes;
  now: Date;
}): (ReturnType<typeof buildSegmentation> & { segments: NoGoSegment[] }) | undefined {
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

/** What a Segmentation gives back on the open CT: painted regions (one per segment) and what was lost. */
export interface SegmentationRegions {
  regions: PaintedRegion[];
  /** Per region: whether it is one of this app's automatic structures (the analysis recomputes those). */
  automatic: boolean[];
  losses: string[];
  seriesInstanceUid: string;
}

/** Reads a Segmentation onto the open volume's grid as painted no-go regions. */
export function regionsFromSegmentation(
  bytes: Uint8Array,
  volume: Pick<Volume, 'dims' | 'ijkToLps' | 'metadata'>,
  newId: () => string,
): SegmentationRegions {
  const grid = gridOfVolume(volume);
  const read = readSegmentation(bytes, { ...grid, frameOfReferenceUid: volume.metadata.frameOfReferenceUid });
  const kept = read.segments.filter((s) => s.slices.length > 0);
  const regions = regionsFromSegments(kept, grid, newId);
  kept.forEach((s, i) => {
    const margin = marginOf(s.description);
    if (margin !== undefined) regions[i]!.marginMm = margin;
  });
  const empty = read.segments.filter((s) => s.slices.length === 0).map((s) => `"${s.label}"`);
  const losses = [...read.losses];
  if (empty.length > 0) losses.push(`segments with no voxel on this CT: ${empty.join(', ')}`);
  return {
    regions,
    automatic: kept.map(
      (s) => s.algorithmType === 'AUTOMATIC' && s.algorithmName === ANALYSIS_ALGORITHM_NAME,
    ),
    losses,
    seriesInstanceUid: read.seriesInstanceUid,
  };
}
