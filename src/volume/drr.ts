import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { add, dot, length, scale, sub } from '../core/vec3';
import { sampleTrilinearIjk } from './sample';
import type { Volume } from './volume';

/**
 * CPU reference for the digitally reconstructed radiograph (DRR): the line integral of linear attenuation
 * along straight rays from a point source to each detector pixel (cone beam). The GPU shader
 * (shaders/drr.frag) follows the same sampling scheme step for step, so this module is its test oracle.
 */

/**
 * Linear attenuation of water per mm at 60 keV, about the effective energy of a fluoroscopy beam at
 * 80-90 kVp: mass attenuation 0.2059 cm^2/g (NIST XCOM, Hubbell & Seltzer, NISTIR 5632) x 1.0 g/cm^3.
 */
export const MU_WATER_PER_MM = 0.02059;
/** Stainless steel (taken as iron) at 60 keV: 1.205 cm^2/g x 7.87 g/cm^3 = 9.48 /cm (NIST XCOM). */
export const MU_STEEL_PER_MM = 0.948;

/**
 * CT number definition HU = 1000 (mu - mu_water) / mu_water (Hounsfield 1973; IEC 60788), inverted:
 * mu = mu_water (1 + HU / 1000), clamped at 0 (air and noise below -1000 HU attenuate nothing).
 */
export function huToMuPerMm(hu: number, muWaterPerMm = MU_WATER_PER_MM): number {
  return Math.max(0, muWaterPerMm * (1 + hu / 1000));
}

/** Where the source and the (square, flat) detector are, in LPS mm. */
export interface DrrGeometry {
  sourceLps: Vec3;
  /** Centre of the detector's input surface; the central ray runs source -> detectorCentreLps. */
  detectorCentreLps: Vec3;
  /** Unit vectors in the detector plane: image columns grow along `rightLps`, rows grow against `upLps`. */
  rightLps: Vec3;
  upLps: Vec3;
  /** Side of the square detector field, mm at the detector (not at the isocentre). */
  fieldMm: number;
}

/** A straight steel needle: a solid cylinder from hub-side end to tip (the stylet is in). */
export interface DrrNeedle {
  fromLps: Vec3;
  toLps: Vec3;
  radiusMm: number;
}

/** Detector point (mm from the detector centre along right/up) for image fractions fx, fy in [0,1] (y down). */
export function detectorPointLps(g: DrrGeometry, fx: number, fy: number): Vec3 {
  return add(
    g.detectorCentreLps,
    add(scale(g.rightLps, (fx - 0.5) * g.fieldMm), scale(g.upLps, (0.5 - fy) * g.fieldMm)),
  );
}

/**
 * Central projection of an LPS point onto the detector: image fractions (0,0 top left, 1,1 bottom right).
 * Undefined for points at or behind the source.
 */
export function projectToDetector(g: DrrGeometry, lps: Vec3): { fx: number; fy: number } | undefined {
  const axis = sub(g.detectorCentreLps, g.sourceLps);
  const toPoint = sub(lps, g.sourceLps);
  const depth = dot(toPoint, axis);
  if (depth <= 1e-9) return undefined;
  const onDetector = add(g.sourceLps, scale(toPoint, dot(axis, axis) / depth));
  const rel = sub(onDetector, g.detectorCentreLps);
  return { fx: dot(rel, g.rightLps) / g.fieldMm + 0.5, fy: 0.5 - dot(rel, g.upLps) / g.fieldMm };
}

/**
 * Chord length (mm) of the ray origin + t * dir (unit dir, 0 <= t <= maxT) through a finite cylinder.
 * Solves |o' + t w'|^2 = r^2 with the axial parts removed, then clips to the cylinder's axial extent.
 */
export function rayCylinderChordMm(origin: Vec3, dir: Vec3, maxT: number, needle: DrrNeedle): number {
  const axisVec = sub(needle.toLps, needle.fromLps);
  const lengthMm = length(axisVec);
  if (lengthMm === 0) return 0;
  const e = scale(axisVec, 1 / lengthMm);
  const o = sub(origin, needle.fromLps);
  const oe = dot(o, e);
  const we = dot(dir, e);
  const op = sub(o, scale(e, oe));
  const wp = sub(dir, scale(e, we));
  const a = dot(wp, wp);
  const c = dot(op, op) - needle.radiusMm * needle.radiusMm;
  let t0 = 0;
  let t1 = maxT;
  if (a < 1e-12) {
    if (c > 0) return 0;
  } else {
    const b = 2 * dot(op, wp);
    const disc = b * b - 4 * a * c;
    if (disc <= 0) return 0;
    const s = Math.sqrt(disc);
    t0 = Math.max(t0, (-b - s) / (2 * a));
    t1 = Math.min(t1, (-b + s) / (2 * a));
  }
  if (Math.abs(we) < 1e-12) {
    if (oe < 0 || oe > lengthMm) return 0;
  } else {
    const ta = -oe / we;
    const tb = (lengthMm - oe) / we;
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  return Math.max(0, t1 - t0);
}

/**
 * A half-space left out of the line integral: points with dot(p - pointLps, normalLps) > 0 attenuate
 * nothing. Used to take the CT couch out of the simulated fluoroscopy (the procedure table is another one).
 */
export interface DrrClip {
  pointLps: Vec3;
  normalLps: Vec3;
}

export interface DrrOptions {
  /** Image is sizePx x sizePx. */
  sizePx: number;
  /** Sampling step along each ray, mm (the GPU uses the same rule, see `drrStepMm`). */
  stepMm: number;
  muWaterPerMm?: number;
  needles?: readonly DrrNeedle[];
  /** Integrate only within this distance (mm) of a point, measured along each ray (for local searches). */
  depthWindow?: { centreLps: Vec3; halfDepthMm: number };
  clip?: DrrClip;
}

/**
 * Needles are sampled on NEEDLE_SUBSAMPLES x NEEDLE_SUBSAMPLES rays per pixel and their transmissions
 * averaged (the detector integrates intensity over its pixel): a 22G needle narrower than a pixel still
 * darkens the pixel it crosses, by the fraction of the pixel it covers, so it never drops out between
 * pixel centres. The GPU shader uses the same grid.
 */
export const NEEDLE_SUBSAMPLES = 3;
/** Smallest mean transmission kept for a pixel behind steel (exp(-69)): keeps -ln finite on both sides. */
export const MIN_NEEDLE_TRANSMISSION = 1e-30;

/** A DRR with what the display needs besides the line integrals. */
export interface DrrRays {
  /** sum(mu ds) per pixel, rows top to bottom (= -ln transmission). */
  lineIntegrals: Float32Array;
  /**
   * Share of each ray's path through the scanned slab that the CT covers (1 inside the scanned range, 0
   * beyond its first or last slice): where it is < 1 the CT does not say what the patient has there.
   */
  coverage: Float32Array;
  /** The needles' share of the line integrals (steel): the display keeps it out of the slice smoothing. */
  steel: Float32Array;
}

/** Ray entry/exit in the volume's texture box [0,1]^3 (texel centres at (ijk + 0.5) / n, volumeBox.ts). */
function boxInterval(originTc: Vec3, dirTc: Vec3, axes = 3): [number, number] {
  let t0 = 0;
  let t1 = 1;
  for (let a = 0; a < axes; a++) {
    const o = originTc[a]!;
    const d = dirTc[a]!;
    if (Math.abs(d) < 1e-15) {
      if (o < 0 || o > 1) return [1, 0];
      continue;
    }
    const ta = (0 - o) / d;
    const tb = (1 - o) / d;
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  return [t0, t1];
}

/**
 * Coverage of a ray (see DrrRays.coverage): its length inside the volume box over its length inside the
 * slab the box spans in-plane (the box without its first and last slice faces), both within [0, 1] of the
 * source-to-pixel segment. 1 when the ray misses the in-plane extent altogether (nothing is missing there).
 */
export function rayCoverage(sourceTc: Vec3, dirTc: Vec3): number {
  const [a0, a1] = boxInterval(sourceTc, dirTc, 2);
  if (a1 <= a0) return 1;
  const [t0, t1] = boxInterval(sourceTc, dirTc, 3);
  return Math.min(1, Math.max(0, t1 - t0) / (a1 - a0));
}

/**
 * Line integral sum(mu * ds) per pixel (dimensionless, = -ln(transmission)), rows top to bottom.
 * Each ray source -> pixel centre is clipped to the volume box and split into N = ceil(len / stepMm)
 * equal steps sampled at their midpoints (trilinear, CLAMP_TO_EDGE like the GPU texture).
 */
export function computeDrr(volume: Volume, g: DrrGeometry, opts: DrrOptions): Float32Array {
  return computeDrrRays(volume, g, opts).lineIntegrals;
}

/** computeDrr with each ray's coverage of the scanned range (the display fades where the CT ends). */
export function computeDrrRays(volume: Volume, g: DrrGeometry, opts: DrrOptions): DrrRays {
  const n = opts.sizePx;
  const out = new Float32Array(n * n);
  const coverage = new Float32Array(n * n);
  const steelOut = new Float32Array(n * n);
  const lpsToIjk = invert4(volume.ijkToLps);
  const [nx, ny, nz] = volume.dims;
  const toTc = (lps: Vec3): Vec3 => {
    const ijk = transformPoint(lpsToIjk, lps);
    return [(ijk[0] + 0.5) / nx, (ijk[1] + 0.5) / ny, (ijk[2] + 0.5) / nz];
  };
  const mu0 = opts.muWaterPerMm ?? MU_WATER_PER_MM;
  const sourceTc = toTc(g.sourceLps);
  const clip = opts.clip;
  const sub2 = NEEDLE_SUBSAMPLES;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const pixel = detectorPointLps(g, (c + 0.5) / n, (r + 0.5) / n);
      const rayLps = sub(pixel, g.sourceLps);
      const rayMm = length(rayLps);
      const dirTc = sub(toTc(pixel), sourceTc);
      coverage[r * n + c] = rayCoverage(sourceTc, dirTc);
      let [t0, t1] = boxInterval(sourceTc, dirTc);
      if (opts.depthWindow) {
        const along = dot(sub(opts.depthWindow.centreLps, g.sourceLps), rayLps) / (rayMm * rayMm);
        const half = opts.depthWindow.halfDepthMm / rayMm;
        t0 = Math.max(t0, along - half);
        t1 = Math.min(t1, along + half);
      }
      // Clip plane along the ray: s(t) = s0 + t * ds; the part kept (s <= 0) is one end of the interval.
      if (clip) {
        const s0 = dot(sub(g.sourceLps, clip.pointLps), clip.normalLps);
        const ds = dot(rayLps, clip.normalLps);
        if (Math.abs(ds) < 1e-12) {
          if (s0 > 0) t1 = t0;
        } else if (ds > 0) t1 = Math.min(t1, -s0 / ds);
        else t0 = Math.max(t0, -s0 / ds);
      }
      let sum = 0;
      if (t1 > t0) {
        const segMm = (t1 - t0) * rayMm;
        const steps = Math.ceil(segMm / opts.stepMm);
        const dt = (t1 - t0) / steps;
        const dsMm = segMm / steps;
        for (let s = 0; s < steps; s++) {
          const t = t0 + (s + 0.5) * dt;
          const tc: Vec3 = [
            sourceTc[0] + t * dirTc[0],
            sourceTc[1] + t * dirTc[1],
            sourceTc[2] + t * dirTc[2],
          ];
          const hu = sampleTrilinearIjk(volume, [tc[0] * nx - 0.5, tc[1] * ny - 0.5, tc[2] * nz - 0.5]);
          if (hu !== undefined) sum += huToMuPerMm(hu, mu0) * dsMm;
        }
      }
      if (opts.needles?.length) {
        let transmission = 0;
        for (let sy = 0; sy < sub2; sy++)
          for (let sx = 0; sx < sub2; sx++) {
            const p = detectorPointLps(g, (c + (sx + 0.5) / sub2) / n, (r + (sy + 0.5) / sub2) / n);
            const ray = sub(p, g.sourceLps);
            const len = length(ray);
            const dir = scale(ray, 1 / len);
            let steel = 0;
            for (const needle of opts.needles) steel += rayCylinderChordMm(g.sourceLps, dir, len, needle);
            transmission += Math.exp(-MU_STEEL_PER_MM * steel);
          }
        const steelP = -Math.log(Math.max(MIN_NEEDLE_TRANSMISSION, transmission / (sub2 * sub2)));
        sum += steelP;
        steelOut[r * n + c] = steelP;
      }
      out[r * n + c] = sum;
    }
  return { lineIntegrals: out, coverage, steel: steelOut };
}

/**
 * Sampling step along a ray for a volume: the smallest voxel spacing (the trilinear line integral changes
 * by well under 1% against half that step on the phantom), but never more than `maxSteps` steps over the box
 * diagonal (the shader's loop bound).
 */
export function drrStepMm(volume: Pick<Volume, 'dims' | 'spacingMm'>, maxSteps = 1024): number {
  const [sx, sy, sz] = volume.spacingMm;
  const [nx, ny, nz] = volume.dims;
  const diagonalMm = Math.hypot(nx * sx, ny * sy, nz * sz);
  return Math.max(Math.min(sx, sy, sz), diagonalMm / maxSteps);
}
