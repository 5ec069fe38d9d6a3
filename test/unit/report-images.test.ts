import { describe, expect, it } from 'vitest';
import {
  carmImage,
  DRR_PX,
  inPlaneFieldMm,
  needleViewImage,
  RESLICE_PX,
  reportImagesFor,
} from '../../src/app/planReportImages';
import { carmRecipe } from '../../src/planning/carm';
import type { Trajectory } from '../../src/planning/trajectory';
import type { Volume } from '../../src/volume/volume';
import { isotropicVolume } from './volume-fixtures';

/**
 * The report's CPU pictures on a synthetic volume: a 1000 HU cube of 10 mm side (the "target") at the
 * centre of -1000 HU air with a 0 HU slab behind it, 2 mm voxels, 64^3, LPS origin at the centre voxel.
 */
function cubeVolume(cubeHu = 1000): Volume {
  return isotropicVolume('cube', 64, 2, -64, (x, y, z) =>
    Math.abs(x) <= 5 && Math.abs(y) <= 5 && Math.abs(z) <= 5 ? cubeHu : -1000,
  );
}

// Entry 30 mm left, 40 mm posterior of the target at the cube centre: a 50 mm, 3-4-5 needle in the axial plane.
const T: Trajectory = {
  id: 't1',
  name: 'Left L4',
  colour: '#ff8800',
  procedure: 'tfesi',
  level: 'L4',
  side: 'left',
  needleId: 'spinal-22g-88.9',
  entryLps: [30, 40, 0],
  targetLps: [0, 0, 0],
};

const greyAt = (img: { grey: Uint8ClampedArray; width: number }, x: number, y: number) =>
  img.grey[Math.floor(y) * img.width + Math.floor(x)]!;

describe('report pictures (CPU)', () => {
  const volume = cubeVolume();

  it('in-plane view: needle from entry to target at the right scale, target on the bright cube', () => {
    const img = needleViewImage(volume, T, 'inPlaneA')!;
    expect(img.width).toBe(RESLICE_PX);
    expect(img.mmPerPx).toBeCloseTo(inPlaneFieldMm(50) / RESLICE_PX, 12);
    const line = img.marks.find((m) => m.kind === 'line')!;
    if (line.kind !== 'line') throw new Error('no needle line');
    const lengthPx = Math.hypot(line.to[0] - line.from[0], line.to[1] - line.from[1]);
    expect(lengthPx * img.mmPerPx).toBeCloseTo(50, 6);
    // The needle lies in the plane through its midpoint, which is the image centre; the entry is to the
    // right (screen right = back toward the entry).
    expect((line.from[0] + line.to[0]) / 2).toBeCloseTo(RESLICE_PX / 2, 6);
    expect((line.from[1] + line.to[1]) / 2).toBeCloseTo(RESLICE_PX / 2, 6);
    expect(line.from[0]).toBeGreaterThan(line.to[0]);
    // 1000 HU under W1500/L300 is near white ((1000 + 450) / 1500 = 0.97); air black.
    expect(greyAt(img, line.to[0], line.to[1])).toBe(247);
    expect(greyAt(img, line.from[0], line.from[1])).toBe(0);
    expect(img.letters.right).toMatch(/^[LP]{2}$/);
  });

  it('down-the-needle view at the target: target ring at the centre, on the cube', () => {
    const img = needleViewImage(volume, T, 'down')!;
    const ring = img.marks[0]!;
    expect(ring.kind).toBe('ring');
    if (ring.kind !== 'ring') return;
    expect(ring.at[0]).toBeCloseTo(RESLICE_PX / 2, 6);
    expect(ring.at[1]).toBeCloseTo(RESLICE_PX / 2, 6);
    expect(greyAt(img, ring.at[0], ring.at[1])).toBe(247);
    // 10 mm cube in an 80 mm field: 3 cube half-widths out is air.
    expect(greyAt(img, ring.at[0] + 15 / img.mmPerPx, ring.at[1])).toBe(0);
  });

  it("bull's-eye: the steel needle is a dot at the target in the centre of the C-arm picture", () => {
    const recipe = carmRecipe([-30, -40, 0], 'left', 'prone');
    // In air only the needle attenuates: background white (black-bone display), steel grey to black. Beyond
    // the scanned slab of the small cube (r > ~79 px) the picture fades to the flat no-data grey, and outside
    // the round iris it is black: the needle is looked for where the CT covers the rays.
    const img = carmImage(cubeVolume(-1000), T, 'bullsEye', recipe.bullsEye.proneFrame, {
      label: 'LAO 37° / tilt 0°',
      position: 'prone',
    });
    expect(img.width).toBe(DRR_PX);
    const ring = img.marks[0]!;
    if (ring.kind !== 'ring') throw new Error('no target ring');
    expect(ring.at[0]).toBeCloseTo(DRR_PX / 2, 6);
    expect(ring.at[1]).toBeCloseTo(DRR_PX / 2, 6);
    const needlePixels: number[] = [];
    for (let i = 0; i < img.grey.length; i++) {
      if (img.grey[i]! === 255) continue;
      const [x, y] = [(i % DRR_PX) + 0.5, Math.floor(i / DRR_PX) + 0.5];
      const r = Math.hypot(x - DRR_PX / 2, y - DRR_PX / 2);
      if (r > 70) continue;
      needlePixels.push(r);
    }
    expect(needlePixels.length).toBeGreaterThan(0);
    expect(Math.max(...needlePixels)).toBeLessThan(2);
    expect(img.caption).toBe('LAO 37° / tilt 0° (prone), simulated');
  });

  it('gives five pictures in print order, the C-arm ones named for the position', async () => {
    const images = await reportImagesFor(volume, T, 'supine');
    expect(images.map((i) => i.id)).toEqual(['inPlaneA', 'inPlaneB', 'down', 'bullsEye', 'lateral']);
    // Supine, the same needle is seen from the tip side: RAO 37 (carm.ts hand-computed cases).
    expect(images[3]!.caption).toBe('RAO 37° / tilt 0° (supine), simulated');
    expect(images[4]!.caption).toMatch(/^left lateral|^LAO 90° \/ tilt 0° \(supine\)/);
  });
});
