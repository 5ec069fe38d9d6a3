import type { Mat4 } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { RowRunLabels } from '../volume/rowRunLabels';

/**
 * What the automatic spine analysis found on a CT volume. Pure data (typed arrays + numbers), so it can be
 * posted from a worker (every typed array transferable) and saved. All points are DICOM patient LPS mm
 * (+x patient left, +y posterior, +z superior); directions are unit LPS vectors.
 *
 * Structurally a superset of planning's TemplateTruth / EndplateTruth (the phantom's ground truth has the
 * same shape), so template proposals, endplate angles and clearance readouts work the same on patient CT
 * and on the demo. Every item carries a confidence in [0, 1]; estimated items say so in their names.
 */
export interface SpineAnalysis {
  schemaVersion: 1;
  /** False when no vertebral column was found (head CT, extremity, too short a range). */
  found: boolean;
  /** One line for the user: "Lumbar spine T10-S1 found: 5 lumbar vertebrae, last rib at T12". */
  summary: string;
  /** Lumbar-type vertebrae between the last rib-bearing vertebra and the sacrum; undefined when not both seen. */
  lumbarCount: number | undefined;
  /** Name of the last rib-bearing vertebra ('T12' normally), undefined when no rib was seen. */
  lastRibLevel: string | undefined;
  /** How the names were fixed: from the sacrum upward, from the last rib downward, both agreeing, or not at all. */
  countedFrom: 'sacrum' | 'last-rib' | 'sacrum-and-rib' | 'none';
  /** True when the counts disagree or the count is unusual (4 or 6 lumbar-type): the level check must warn. */
  uncertain: boolean;
  /** Plain-language warnings (disagreement, transitional anatomy, partial coverage...). */
  warnings: string[];
  /** Vertebrae cranial to caudal (the last may be 'S1'); names 'T10', 'T11', 'T12', 'L1'... 'L5', 'L6', 'S1'. */
  vertebrae: VertebraAnalysis[];
  /** Motion segments (discs) cranial to caudal, named 'L4-L5', 'L5-S1'... */
  segments: SegmentAnalysis[];
  /** Present when the sacrum was found. */
  sacrum: SacrumAnalysis | undefined;
  /** Spinal canal centreline, cranial to caudal, with an approximate radius per point. */
  canal: { pointsLps: Vec3[]; radiiMm: number[] };
  /** No-go structures as labelled voxels on the analysis grid (`structures.boxLabels` over `structures.box`). */
  structures: StructureSet;
  /** Body outline and CT couch on the analysis grid. */
  body: BodyMask;
  /** Milliseconds per stage, for the bench and the status line. */
  timingsMs: Record<string, number>;
}

export interface VertebraSideAnalysis {
  pedicleCentreLps: Vec3;
  /** Posterior to anterior along the pedicle (the transpedicular direction). */
  pedicleAxis: Vec3;
  /** Junction of the superior articular process and the transverse process, just off the bone (MBB target). */
  sapTpJunctionLps: Vec3;
  confidence: number;
}

export interface VertebraAnalysis {
  name: string;
  /** Confidence of the NAME (counting), not only of the body's position. */
  confidence: number;
  bodyCentreLps: Vec3;
  superiorEndplateCentreLps: Vec3;
  /** Unit normal of the superior endplate, pointing cranially. */
  superiorEndplateNormal: Vec3;
  inferiorEndplateCentreLps: Vec3;
  /** Unit normal of the inferior endplate, pointing caudally. */
  inferiorEndplateNormal: Vec3;
  spinousProcessTipLps: Vec3 | undefined;
  /** Whether a rib articulates with it, per side. */
  ribs: { left: boolean; right: boolean };
  left: VertebraSideAnalysis;
  right: VertebraSideAnalysis;
}

export interface SegmentSideAnalysis {
  /** Centre of the intervertebral foramen. */
  foramenCentreLps: Vec3;
  /** Subpedicular "safe triangle" target below the upper vertebra's pedicle (TFESI). */
  safeTriangleCentreLps: Vec3;
  /** Kambin's triangle centre: over the disc, in front of the lower SAP, below the exiting root. */
  kambinTriangleCentreLps: Vec3;
  /** Tip of the lower vertebra's superior articular process. */
  sapTipLps: Vec3;
  confidence: number;
}

export interface SegmentAnalysis {
  name: string;
  discCentreLps: Vec3;
  /** Midline, in the posterior epidural space between the laminae (interlaminar target). */
  interlaminarWindowCentreLps: Vec3;
  confidence: number;
  left: SegmentSideAnalysis;
  right: SegmentSideAnalysis;
}

export interface SacrumAnalysis {
  s1SuperiorEndplateCentreLps: Vec3;
  /** Out of the sacrum, anterosuperiorly (the sacral slope). */
  s1SuperiorEndplateNormal: Vec3;
  s1DorsalForamenLps: Record<'left' | 'right', Vec3>;
  siJointLowerThirdLps: Record<'left' | 'right', Vec3>;
  confidence: number;
}

/** An LPS-aligned analysis grid: `ijkToLps` maps voxel centres to LPS mm (as Volume.ijkToLps). */
export interface AnalysisGrid {
  dims: readonly [number, number, number];
  spacingMm: number;
  ijkToLps: Mat4;
}

export type StructureKind = 'thecal-sac' | 'nerve-root' | 'aorta' | 'ivc' | 'kidney';

export interface StructureInfo {
  /** Unique id, e.g. 'thecal-sac', 'nerve-root-L4-left', 'kidney-right'. */
  id: string;
  /** Shown to the user, e.g. 'Exiting root L4 left (estimated)'. */
  name: string;
  kind: StructureKind;
  /** Voxel value in `boxLabels`. */
  label: number;
  /** True for structures placed from anatomy rather than seen in the HU (the root corridors). */
  estimated: boolean;
  confidence: number;
}

/** A block of a grid's voxels: its first voxel (i, j, k) and its size; empty when a size is 0. */
export interface VoxelBlock {
  lo: readonly [number, number, number];
  dims: readonly [number, number, number];
}

/**
 * The no-go structures' labels, held only over the block of the labelled voxels (`box`): ~13% of the grid
 * on the pancreas (issue 20, resident memory). Voxel indices stay those of `grid`; read a voxel with
 * structureLabelAt (labels.ts), which answers 0 outside the block.
 */
export interface StructureSet {
  grid: AnalysisGrid;
  /** The block of `grid` that holds every labelled voxel (dims [0, 0, 0] when no structure was found). */
  box: VoxelBlock;
  /** One label per voxel of `box` (0 = none), i fastest. Overlaps are resolved by the list order (later wins). */
  boxLabels: Uint8Array;
  structures: StructureInfo[];
}

/** Values of the body mask's labels. */
export const BODY_OUTSIDE = 0;
export const BODY_INSIDE = 1;
export const BODY_COUCH = 2;

/**
 * Body outline and couch as the analysis result holds them: the labels as runs along the grid's rows
 * (~1 run a row; a full grid was 0.17x the CT's bytes on the pancreas). Read a voxel with bodyLabelAt or a
 * row with forEachBodyRun (labels.ts).
 */
export interface BodyMask {
  grid: AnalysisGrid;
  /** BODY_INSIDE / BODY_COUCH runs per row of `grid` (BODY_OUTSIDE elsewhere). */
  runs: RowRunLabels;
  /** True when a couch (table top) was found and separated from the body. */
  couchFound: boolean;
}

/** The body mask as a full grid, while the analysis runs (vessels and kidneys read it voxel by voxel). */
export interface BodyLabelGrid {
  grid: AnalysisGrid;
  /** BODY_OUTSIDE / BODY_INSIDE / BODY_COUCH per voxel, i fastest. */
  labels: Uint8Array;
  couchFound: boolean;
}

export interface AnalysisProgress {
  stage: string;
  /** 0..1 over the whole analysis. */
  fraction: number;
}

export interface AnalysisOptions {
  onProgress?: (p: AnalysisProgress) => void;
  /** Checked between stages: an aborted analysis throws an Error named 'AbortError'. */
  signal?: { readonly aborted: boolean };
}
