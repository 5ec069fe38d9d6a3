import type { Vec3 } from '../core/vec3';

/**
 * Ground truth of the demo phantom, JSON-serialisable. Every point is DICOM patient LPS in millimetres
 * (+x patient left, +y posterior, +z superior); every direction is a unit vector in LPS.
 * "left"/"right" are the patient's sides (left = +x).
 */
export interface PhantomTruth {
  schemaVersion: 1;
  units: 'mm (DICOM LPS)';
  seed: number;
  /** Segmentation variant the phantom was built with ('normal' for the demo). */
  variant: 'normal' | 'six-lumbar' | 'sacralised-l5';
  /**
   * Lumbar-type vertebrae between the last rib-bearing vertebra and the sacrum: 5 normally, 6 for
   * 'six-lumbar', 4 mobile ones for 'sacralised-l5' (see `lumbarCountNote`).
   */
  lumbarCount: number;
  /** Set when the count needs words (the sacralised L5 is a lumbar vertebra fused into the sacrum). */
  lumbarCountNote?: string;
  /** Name of the last (most caudal) rib-bearing vertebra: 'T12'. */
  lastRibLevel: string;
  /** Ribs in the volume (the floating 12th ribs on T12; T11 is only partly in view and shows none). */
  ribs: RibTruth[];
  /**
   * T12 (complete, with its ribs), L1-L5 (L1-L6 for 'six-lumbar'), cranial to caudal. The lower part of T11
   * is also in the volume (top slices) but has no truth entry.
   */
  vertebrae: VertebraTruth[];
  /** Motion segments T12-L1 ... L5-S1 (... L5-L6, L6-S1), cranial to caudal. The T11-T12 disc has none. */
  segments: SegmentTruth[];
  sacrum: SacrumTruth;
  /** Structures a needle must not enter; `noGoDistanceMm` gives their signed distance functions. */
  noGo: NoGoStructure[];
  /** Points well inside a tissue, for checking the voxels (fat, muscle...). */
  tissueSamples: TissueSample[];
}

export type Side = 'left' | 'right';

export interface RibTruth {
  /** Vertebra the rib head articulates with, e.g. 'T12'. */
  level: string;
  side: Side;
  /** Centre of the rib head (inside the bone), next to the costovertebral joint. */
  headLps: Vec3;
  /** Centre of the free anterior tip (inside the bone). */
  tipLps: Vec3;
}

export interface VertebraTruth {
  name: 'T12' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6';
  bodyCentreLps: Vec3;
  superiorEndplateCentreLps: Vec3;
  /** Unit normal of the superior endplate, pointing cranially (out of the body). */
  superiorEndplateNormal: Vec3;
  inferiorEndplateCentreLps: Vec3;
  /** Posterior end of the spinous process, on its surface. */
  spinousProcessTipLps: Vec3;
  left: VertebraSideTruth;
  right: VertebraSideTruth;
}

export interface VertebraSideTruth {
  /** Centre of the pedicle isthmus. */
  pedicleCentreLps: Vec3;
  /** Unit vector along the pedicle axis, from posterior to anterior (the transpedicular direction). */
  pedicleAxis: Vec3;
  /**
   * Junction of the superior articular process and the transverse process ("eye of the Scotty dog"),
   * 1 mm off the bone surface: the medial branch block target for the nerve crossing this level.
   */
  sapTpJunctionLps: Vec3;
}

export interface SegmentTruth {
  /** e.g. 'L4-L5' (the lower vertebra may be 'S1'). */
  name: string;
  discCentreLps: Vec3;
  /** Midline, in the posterior epidural fat between the laminae (interlaminar epidural target). */
  interlaminarWindowCentreLps: Vec3;
  left: SegmentSideTruth;
  right: SegmentSideTruth;
}

export interface SegmentSideTruth {
  /** Centre of the facet joint gap between the upper vertebra's IAP and the lower one's SAP. */
  facetJointCentreLps: Vec3;
  /** Unit normal of the facet joint plane, pointing from the SAP to the IAP (posteromedially). */
  facetJointNormal: Vec3;
  /** Subpedicular "safe triangle" centre in the foramen below the upper vertebra's pedicle. */
  safeTriangleCentreLps: Vec3;
  /**
   * Kambin's triangle centre: 2 mm behind the posterolateral disc surface in its lower half, below the exiting
   * root and lateral to the SAP, placed so that ipsilateral oblique needle paths of 25-45 deg (in the plane
   * of the disc, no tilt) reach it without crossing bone.
   */
  kambinTriangleCentreLps: Vec3;
  /** Tip (most cranial point, on the surface) of the lower vertebra's superior articular process. */
  sapTipLps: Vec3;
}

export interface SacrumTruth {
  s1SuperiorEndplateCentreLps: Vec3;
  /** Unit normal of the S1 endplate pointing out of the sacrum (anterosuperiorly: the sacral slope). */
  s1SuperiorEndplateNormal: Vec3;
  /** Dorsal opening of the S1 foramen, per side (S1 transforaminal target region). */
  s1DorsalForamenLps: Record<Side, Vec3>;
  /** A point in the sacroiliac joint gap, in the posterior part of its inferior third (injection target). */
  siJointLowerThirdLps: Record<Side, Vec3>;
}

export type NoGoKind = 'thecal-sac' | 'nerve-root' | 'aorta' | 'ivc' | 'kidney';

/** Tubes: chains of round cones (radius linear along each segment); ellipsoids: centre, unit axes, radii. */
export type NoGoGeometry =
  | { type: 'tubes'; tubes: { pointsLps: Vec3[]; radiiMm: number[] }[] }
  | { type: 'ellipsoid'; centreLps: Vec3; axes: [Vec3, Vec3, Vec3]; radiiMm: Vec3 };

export interface NoGoStructure {
  /** Unique, e.g. 'thecal-sac', 'nerve-root-L4-left', 'kidney-right'. */
  name: string;
  kind: NoGoKind;
  /** The tissue label its voxels carry in the label volume (see labels.ts). */
  label: number;
  geometry: NoGoGeometry;
}

export interface TissueSample {
  name: string;
  /** Tissue label expected at the point (labels.ts). */
  label: number;
  pointLps: Vec3;
}
