import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { createRng } from '../../src/phantom/prng';
import { buildSpine } from '../../src/phantom/spine';
import { ipsilateralObliqueDeg } from '../../src/planning/carmViews';
import { carmGeometry, ISOCENTRE_MAGNIFICATION } from '../../src/planning/carmViewsGeometry';
import { computeDrrRays, type DrrGeometry, drrStepMm, projectToDetector } from '../../src/volume/drr';
import { drrGrey, drrPicture, MONITOR_LOOK, sliceSmoothingSigmaMm } from '../../src/volume/drrDisplay';
import type { Volume } from '../../src/volume/volume';
import { phantomVolume } from './volume-fixtures';

/**
 * Acceptance of issue 18: contrast-to-noise ratio of landmarks a pain specialist reads, on the demo phantom
 * (full size, seed 1; the truth says where they are), for the report picture as it was (raw line integrals,
 * window from the 2nd-98th percentiles), the report picture now and the monitor image (CPU twin of the GPU).
 * CNR = |mean(structure) - mean(reference)| / SD(reference), on the displayed grey levels.
 */

/** The report's window before issue 18 (kept here as the baseline): median and 2-98% spread of p > 0.05. */
function oldReportWindow(p: Float32Array) {
  const v = Array.from(p)
    .filter((x) => x > 0.05)
    .sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))]!;
  return { centre: at(0.5), width: Math.max(0.5, at(0.98) - at(0.02)) };
}

type Picture = { grey: Uint8ClampedArray; n: number; g: DrrGeometry };

function pictures(volume: Volume, iso: Vec3, obliqueDeg: number, fieldMm: number) {
  const g = carmGeometry({ obliqueDeg, tiltDeg: 0, isocentreLps: iso, fieldMm });
  const make = (n: number, stepMm: number, old: boolean): Picture => {
    const rays = computeDrrRays(volume, g, { sizePx: n, stepMm });
    if (old) {
      const w = oldReportWindow(rays.lineIntegrals);
      const grey = new Uint8ClampedArray(n * n).map((_, i) =>
        Math.round(drrGrey(rays.lineIntegrals[i]!, w, true) * 255),
      );
      return { grey, n, g };
    }
    const { grey } = drrPicture(rays, n, {
      look: MONITOR_LOOK,
      fieldMm,
      collimation: 1,
      blackBone: true,
      smoothSigmaMm: sliceSmoothingSigmaMm(volume.spacingMm[2], ISOCENTRE_MAGNIFICATION),
    });
    return { grey, n, g };
  };
  return {
    reportBefore: make(161, Math.max(1.5, drrStepMm(volume)), true),
    reportNow: make(201, Math.max(1.5, drrStepMm(volume)), false),
    monitor: make(512, drrStepMm(volume), false),
  };
}

/** Pixels of a picture whose position (mm at the isocentre from a point's projection) passes `inside`. */
function region(pic: Picture, centre: Vec3, inside: (dxMm: number, dzMm: number) => boolean): number[] {
  const c = projectToDetector(pic.g, centre)!;
  const mmPerPx = pic.g.fieldMm / pic.n / ISOCENTRE_MAGNIFICATION;
  const out: number[] = [];
  for (let r = 0; r < pic.n; r++)
    for (let col = 0; col < pic.n; col++) {
      const dx = (col + 0.5 - c.fx * pic.n) * mmPerPx;
      const dz = -(r + 0.5 - c.fy * pic.n) * mmPerPx;
      if (inside(dx, dz)) out.push(pic.grey[r * pic.n + col]!);
    }
  return out;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));
const cnr = (a: number[], b: number[]) => Math.abs(mean(a) - mean(b)) / Math.max(0.5, sd(b));

/** Measured CNRs, each list [report before, report now, monitor]; the figures are printed for the README. */
function expectRising(label: string, values: Record<string, number>) {
  console.log(
    `${label}: ${Object.entries(values)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
  expect(values.reportNow!).toBeGreaterThanOrEqual(values.reportBefore!);
  expect(values.monitor!).toBeGreaterThanOrEqual(values.reportBefore!);
}

describe('CNR of landmarks on the demo phantom (issue 18 acceptance)', () => {
  const ph = generatePhantom({ size: 'default', seed: 1 });
  const volume = phantomVolume(ph);
  const spine = buildSpine(createRng(1));
  const l3Spec = spine.levels.find((l) => l.name === 'L3')!;
  const l3 = ph.truth.vertebrae.find((v) => v.name === 'L3')!;

  it('AP at L3: the pedicle ring against the vertebral body below it, each side', () => {
    const halfW = l3Spec.pedicleWidthMm / 2;
    const halfH = l3Spec.pedicleHeightMm / 2;
    const pics = pictures(volume, l3.bodyCentreLps, 0, 220);
    for (const side of ['left', 'right'] as const) {
      const ped = l3[side].pedicleCentreLps;
      const rho = (dx: number, dz: number) => Math.hypot(dx / halfW, dz / halfH);
      const values = Object.fromEntries(
        Object.entries(pics).map(([name, pic]) => {
          const ring = region(pic, ped, (dx, dz) => rho(dx, dz) >= 0.75 && rho(dx, dz) <= 1.05);
          const body = region(
            pic,
            ped,
            (dx, dz) => Math.abs(dx) <= 3 && dz <= -halfH - 2 && dz >= -halfH - 6,
          );
          return [name, cnr(ring, body)];
        }),
      );
      expectRising(`AP pedicle ring CNR, ${side}`, values);
    }
  }, 120_000);

  it('ipsilateral oblique at L3-L4: the L4 superior articular process (Scotty dog ear) against the disc space', () => {
    const seg = ph.truth.segments.find((s) => s.name === 'L3-L4')!;
    const l4 = ph.truth.vertebrae.find((v) => v.name === 'L4')!;
    const tip = seg.right.sapTipLps;
    const sap: Vec3 = [tip[0], tip[1], tip[2] - 4];
    const pics = pictures(volume, sap, ipsilateralObliqueDeg('right', 30), 220);
    const values = Object.fromEntries(
      Object.entries(pics).map(([name, pic]) => {
        // The reference 8 mm from the SAP toward the L4 body centre in the image: the disc space in front of it.
        const a = projectToDetector(pic.g, sap)!;
        const b = projectToDetector(pic.g, l4.bodyCentreLps)!;
        const len = Math.hypot(b.fx - a.fx, b.fy - a.fy);
        const ux = (b.fx - a.fx) / len;
        const uz = -(b.fy - a.fy) / len;
        const s = region(pic, sap, (dx, dz) => Math.hypot(dx, dz) <= 2);
        const ref = region(pic, sap, (dx, dz) => Math.hypot(dx - 8 * ux, dz - 8 * uz) <= 2);
        return [name, cnr(s, ref)];
      }),
    );
    expectRising('oblique SAP CNR, right', values);
  }, 120_000);
});
