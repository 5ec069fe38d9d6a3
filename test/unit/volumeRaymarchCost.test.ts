import { describe, expect, it } from 'vitest';
import { VOLUME_PRESET_IDS } from '../../src/core/volumeRendering';
import { createTransferFunctionTexture } from '../../src/render/transferFunctionTexture';
import {
  CLASS_VOLUME_MAX_VOXELS,
  classVolumeBytes,
  createClassVolumeTarget,
} from '../../src/render/volumeClassTexture';
import { createVolumeMaterial, setTransferFunction, visibleFromHu } from '../../src/render/volumeMaterial';
import { buildTransferFunctionLut, transferFunctionRange } from '../../src/volume/transfer/transferFunction';
import { VOLUME_PRESETS } from '../../src/volume/transfer/transferFunctionPresets';

/** Opacity of a linear (clamp-to-edge) lookup in an RGBA8 LUT, as the GPU's 1D lookup computes it. */
function lookupOpacity(lut: Uint8Array, range: { minHu: number; maxHu: number }, hu: number): number {
  const size = lut.length / 4;
  const x = ((hu - range.minHu) / (range.maxHu - range.minHu)) * size - 0.5;
  const e0 = Math.min(size - 1, Math.max(0, Math.floor(x)));
  const e1 = Math.min(size - 1, e0 + 1);
  const f = Math.min(1, Math.max(0, x - Math.floor(x)));
  return ((1 - f) * lut[e0 * 4 + 3]! + f * lut[e1 * 4 + 3]!) / 255;
}

describe('3D view: samples that need no transfer-function lookup', () => {
  it('every HU at or below the threshold looks up zero opacity, and the threshold is tight (every preset)', () => {
    for (const id of VOLUME_PRESET_IDS) {
      const tf = VOLUME_PRESETS[id].transferFunction;
      const range = transferFunctionRange(tf);
      const lut = buildTransferFunctionLut(tf, range);
      const from = visibleFromHu(lut, range);
      if (from <= -1e29) continue;
      for (let hu = Math.max(-1024, range.minHu - 200); hu <= from; hu += 0.5)
        expect(lookupOpacity(lut, range, hu), `${id} at ${hu} HU`).toBe(0);
      // Within one LUT entry (plus the half-texel margin) above it, something shows.
      const entryHu = (range.maxHu - range.minHu) / (lut.length / 4);
      expect(lookupOpacity(lut, range, from + 1.01 * entryHu), id).toBeGreaterThan(0);
    }
  });

  it('is set with the transfer function; a LUT visible from its first entry or nowhere never / always skips', () => {
    const material = createVolumeMaterial();
    const bone = createTransferFunctionTexture(VOLUME_PRESETS.bone.transferFunction);
    setTransferFunction(material, bone);
    // Bone starts at 150 HU with opacity 0: the threshold sits just under it.
    const from = material.uniforms.uVisibleFromHu!.value as number;
    expect(from).toBeGreaterThan(130);
    expect(from).toBeLessThan(150);
    const range = { minHu: 0, maxHu: 1 };
    expect(visibleFromHu(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 9]), range)).toBeLessThan(-1e29);
    expect(visibleFromHu(new Uint8Array(8), range)).toBeGreaterThan(1e29);
    material.dispose();
    bone.texture.dispose();
  });
});

describe('3D view: the 8-bit class volume', () => {
  it('takes 1 byte a voxel and is not made past its bound (GPU volume bytes stay 2 a voxel for the HU texture)', () => {
    expect(classVolumeBytes([512, 512, 134])).toBe(512 * 512 * 134);
    const target = createClassVolumeTarget([64, 32, 16]);
    expect(target).not.toBeNull();
    expect([target!.width, target!.height, target!.depth]).toEqual([64, 32, 16]);
    target!.dispose();
    // The 1,206-slice series (512x512x1206 = 316 M voxels) keeps reading HU.
    expect(512 * 512 * 1206).toBeGreaterThan(CLASS_VOLUME_MAX_VOXELS);
    expect(createClassVolumeTarget([512, 512, 1206])).toBeNull();
  });
});
