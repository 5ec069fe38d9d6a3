import type { Vec3 } from '../core/vec3';
import { distance, lerp } from '../core/vec3';
import { HU_THRESHOLDS } from './huThresholds';

/** Returns the value (HU for CT) at an LPS point, or undefined outside the image. */
export type LpsSampler = (lps: Vec3) => number | undefined;

export type TissueClass = 'outside' | 'air' | 'fat' | 'soft-tissue' | 'vessel' | 'bone' | 'cortical-bone';

export function classifyHu(hu: number | undefined, contrastEnhanced = false): TissueClass {
  if (hu === undefined || Number.isNaN(hu)) return 'outside';
  if (hu < HU_THRESHOLDS.airBelow) return 'air';
  if (hu < HU_THRESHOLDS.fatBelow) return 'fat';
  if (hu < HU_THRESHOLDS.boneFrom) return 'soft-tissue';
  if (hu > HU_THRESHOLDS.corticalFrom) return 'cortical-bone';
  if (contrastEnhanced && hu < HU_THRESHOLDS.vesselBelow) return 'vessel';
  return 'bone';
}

export interface ProfileSample {
  depthMm: number;
  lps: Vec3;
  hu: number | undefined;
  tissue: TissueClass;
}

/** A run of consecutive samples of one class. Boundaries sit halfway between samples of different class. */
export interface ProfileSegment {
  tissue: TissueClass;
  startDepthMm: number;
  endDepthMm: number;
  minHu: number | undefined;
  maxHu: number | undefined;
}

export interface PathProfile {
  stepMm: number;
  lengthMm: number;
  samples: ProfileSample[];
  segments: ProfileSegment[];
  /** Depth from the entry at which each class is first met. */
  firstDepthMm: Partial<Record<TissueClass, number>>;
  /** Segment boundaries (depth of each change of class), in order. */
  boundariesMm: number[];
  flags: {
    corticalBone: boolean;
    /** Air inside the body: after the first non-air sample (air outside the skin does not count). */
    air: boolean;
    vessel: boolean;
  };
}

export interface ProfileOptions {
  stepMm?: number;
  contrastEnhanced?: boolean;
}

/**
 * Samples `sampler` along entry -> target every `stepMm` (default 0.5 mm; the target itself is always the
 * last sample) and classifies the path into tissue segments.
 */
export function pathProfile(
  entryLps: Vec3,
  targetLps: Vec3,
  sampler: LpsSampler,
  options: ProfileOptions = {},
): PathProfile {
  const stepMm = options.stepMm ?? 0.5;
  if (!(stepMm > 0)) throw new RangeError('stepMm must be > 0');
  const lengthMm = distance(entryLps, targetLps);
  const depths: number[] = [];
  for (let i = 0; i * stepMm < lengthMm - 1e-9; i++) depths.push(i * stepMm);
  depths.push(lengthMm);

  const samples = depths.map((depthMm): ProfileSample => {
    const lps = lengthMm === 0 ? entryLps : lerp(entryLps, targetLps, depthMm / lengthMm);
    const hu = sampler(lps);
    return { depthMm, lps, hu, tissue: classifyHu(hu, options.contrastEnhanced) };
  });

  const segments: ProfileSegment[] = [];
  const boundariesMm: number[] = [];
  samples.forEach((s, i) => {
    const last = segments[segments.length - 1];
    if (last && last.tissue === s.tissue) {
      last.endDepthMm = s.depthMm;
      if (s.hu !== undefined) {
        last.minHu = last.minHu === undefined ? s.hu : Math.min(last.minHu, s.hu);
        last.maxHu = last.maxHu === undefined ? s.hu : Math.max(last.maxHu, s.hu);
      }
      return;
    }
    const start = i === 0 ? 0 : (samples[i - 1]!.depthMm + s.depthMm) / 2;
    if (last) {
      last.endDepthMm = start;
      boundariesMm.push(start);
    }
    segments.push({ tissue: s.tissue, startDepthMm: start, endDepthMm: s.depthMm, minHu: s.hu, maxHu: s.hu });
  });

  const firstDepthMm: Partial<Record<TissueClass, number>> = {};
  for (const seg of segments) firstDepthMm[seg.tissue] ??= seg.startDepthMm;
  const firstBodyIndex = samples.findIndex((s) => s.tissue !== 'air' && s.tissue !== 'outside');
  const airInside = firstBodyIndex >= 0 && samples.slice(firstBodyIndex).some((s) => s.tissue === 'air');
  return {
    stepMm,
    lengthMm,
    samples,
    segments,
    firstDepthMm,
    boundariesMm,
    flags: {
      corticalBone: firstDepthMm['cortical-bone'] !== undefined,
      air: airInside,
      vessel: firstDepthMm.vessel !== undefined,
    },
  };
}
