import { describe, expect, it } from 'vitest';
import { distance, type Vec3 } from '../../src/core/vec3';
import { generatePhantom, type Phantom } from '../../src/phantom/generate';
import { isBone, Tissue } from '../../src/phantom/labels';
import { phantomTruth } from '../../src/phantom/model';

/** Segmentation variants for testing level counting (small preset: 2.4 mm pixels, 3 mm slices). */
const labelAt = (p: Phantom, q: Vec3): number => {
  const [nx, ny, nz] = p.dims;
  const i = Math.round((q[0] - p.originLps[0]) / p.spacingMm[0]);
  const j = Math.round((q[1] - p.originLps[1]) / p.spacingMm[1]);
  const k = Math.round((q[2] - p.originLps[2]) / p.spacingMm[2]);
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz)
    throw new RangeError(`outside: ${q.join(',')}`);
  return p.labels[i + nx * (j + ny * k)]!;
};

describe('phantom variants', () => {
  const normal = generatePhantom({ size: 'small', seed: 2 });

  it('builds the normal spine by default: T12 with ribs, 5 lumbar vertebrae', () => {
    const explicit = generatePhantom({ size: 'small', seed: 2, variant: 'normal' }).hu;
    expect(Buffer.compare(Buffer.from(explicit.buffer), Buffer.from(normal.hu.buffer))).toBe(0);
    expect(normal.truth.variant).toBe('normal');
    expect(normal.truth.lumbarCount).toBe(5);
    expect(normal.truth.lumbarCountNote).toBeUndefined();
  });

  it('six-lumbar: L1-L6 between the rib-bearing T12 and the sacrum, a longer volume', () => {
    const p = generatePhantom({ size: 'small', seed: 2, variant: 'six-lumbar' });
    expect(p.truth).toEqual(phantomTruth(2, 'six-lumbar'));
    expect(p.truth.variant).toBe('six-lumbar');
    expect(p.truth.lumbarCount).toBe(6);
    expect(p.truth.lastRibLevel).toBe('T12');
    expect(p.truth.ribs.map((r) => r.level)).toEqual(['T12', 'T12']);
    expect(p.truth.vertebrae.map((v) => v.name)).toEqual(['T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    expect(p.truth.segments.map((s) => s.name)).toEqual([
      'T12-L1',
      'L1-L2',
      'L2-L3',
      'L3-L4',
      'L4-L5',
      'L5-L6',
      'L6-S1',
    ]);
    expect(p.dims[2]).toBeGreaterThan(normal.dims[2] + 8);
    for (const v of p.truth.vertebrae) expect(labelAt(p, v.bodyCentreLps), v.name).toBe(Tissue.cancellous);
    for (const s of p.truth.segments)
      expect([Tissue.discNucleus, Tissue.discAnnulus], s.name).toContain(labelAt(p, s.discCentreLps));
  });

  it('sacralised-l5: a disc remnant only, transverse processes fused to the ala, 4 mobile lumbar vertebrae', () => {
    const p = generatePhantom({ size: 'small', seed: 2, variant: 'sacralised-l5' });
    expect(p.truth).toEqual(phantomTruth(2, 'sacralised-l5'));
    expect(p.truth.lumbarCount).toBe(4);
    expect(p.truth.lumbarCountNote).toMatch(/sacralised/);
    // Anatomical names are kept.
    expect(p.truth.vertebrae.map((v) => v.name)).toEqual(['T12', 'L1', 'L2', 'L3', 'L4', 'L5']);
    const l5 = p.truth.vertebrae.find((v) => v.name === 'L5')!;
    const l4 = p.truth.vertebrae.find((v) => v.name === 'L4')!;
    const s1 = p.truth.sacrum.s1SuperiorEndplateCentreLps;
    expect(distance(l5.inferiorEndplateCentreLps, s1)).toBeLessThan(4);
    expect(distance(l4.inferiorEndplateCentreLps, l5.superiorEndplateCentreLps)).toBeGreaterThan(8);
    // Bone all the way from the L5 transverse process root to the ala, on both sides (the fusion mass).
    for (const s of [1, -1]) {
      const from = l5[s > 0 ? 'left' : 'right'].pedicleCentreLps;
      const ala: Vec3 = [s * 45, s1[1] + 8, s1[2] - 2];
      let bone = 0;
      for (let t = 0.3; t <= 1; t += 0.05) {
        const q: Vec3 = [0, 1, 2].map((i) => from[i]! + t * (ala[i]! - from[i]!)) as unknown as Vec3;
        if (isBone(labelAt(p, q))) bone++;
      }
      // Bone over most of the way: the L5 root crosses the fusion mass in its own canal.
      expect(bone, `side ${s}`).toBeGreaterThanOrEqual(10);
    }
  });
});
