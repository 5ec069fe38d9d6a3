import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createVolumeTexture, volumeTextureBytes } from '../../src/render/volumeTexture';
import {
  halfFloatBits,
  halfFloatHuTable,
  halfFloatValue,
  storedToHalfFloatHu,
} from '../../src/render/volumeTextureHalf';

/** Float32Array -> Uint16 bits by the platform's own rounding is not available in Node 20: check by value. */
describe('half-float HU for the 2-byte volume texture (issue 20)', () => {
  it('stores every integer HU within |2048| exactly, and rounds to nearest above', () => {
    let maxErrorTo4096 = 0;
    let maxErrorTo8192 = 0;
    for (let hu = -8192; hu <= 8192; hu++) {
      const back = halfFloatValue(halfFloatBits(hu));
      const error = Math.abs(back - hu);
      if (Math.abs(hu) <= 2048) expect(back).toBe(hu);
      else if (Math.abs(hu) <= 4096) maxErrorTo4096 = Math.max(maxErrorTo4096, error);
      else maxErrorTo8192 = Math.max(maxErrorTo8192, error);
    }
    // 11 significant bits: steps of 2 HU from 2048 to 4096 and 4 HU to 8192, half a step at most off.
    expect(maxErrorTo4096).toBe(1);
    expect(maxErrorTo8192).toBe(2);
  });

  it('matches IEEE binary16 encodings at the edges', () => {
    expect(halfFloatBits(0)).toBe(0);
    expect(halfFloatBits(-0)).toBe(0x8000);
    expect(halfFloatBits(1)).toBe(0x3c00);
    expect(halfFloatBits(-2)).toBe(0xc000);
    expect(halfFloatBits(65504)).toBe(0x7bff);
    expect(halfFloatBits(1e9)).toBe(0x7bff);
    expect(halfFloatBits(-1e9)).toBe(0xfbff);
    expect(halfFloatBits(2 ** -14)).toBe(0x0400);
    expect(halfFloatBits(2 ** -24)).toBe(0x0001);
    expect(halfFloatValue(halfFloatBits(0.5))).toBe(0.5);
    // Fractional HU (a rescale slope that is not 1) keep 11 significant bits.
    for (const x of [0.1, -3.3, 123.456, 1000.75, -1023.9])
      expect(Math.abs(halfFloatValue(halfFloatBits(x)) - x)).toBeLessThanOrEqual(Math.abs(x) / 2048);
  });

  it('converts stored values through the rescale to HU, one table read a voxel', () => {
    const stored = new Int16Array([-32768, -2000, 0, 1024, 3071, 4095, 32767]);
    const table = halfFloatHuTable(1, -1024);
    const out = new Uint16Array(stored.length);
    storedToHalfFloatHu(stored, table, out);
    const hu = [...out].map(halfFloatValue);
    expect(hu.slice(1, 4)).toEqual([-3024, -1024, 0]);
    expect(Math.abs(hu[4]! - 2047)).toBe(0);
    expect(Math.abs(hu[5]! - 3071)).toBeLessThanOrEqual(1);
    expect(hu[0]).toBe(-33792);
    expect(Math.abs(hu[6]! - 31743)).toBeLessThanOrEqual(16);
    const scaled = halfFloatHuTable(0.5, -100);
    expect(halfFloatValue(scaled[1000 + 32768]!)).toBe(400);
  });
});

describe('the volume texture', () => {
  it('is R16F at 2 bytes a voxel, its texels made for the upload and dropped after it', () => {
    const volume = {
      data: new Int16Array([-1000, 0, 40, 1500, 2000, -50, 7, 3000]),
      dims: [2, 2, 2] as const,
      rescaleSlope: 1,
      rescaleIntercept: 0,
    };
    const texture = createVolumeTexture(volume);
    expect(texture.type).toBe(THREE.HalfFloatType);
    expect(texture.format).toBe(THREE.RedFormat);
    expect(volumeTextureBytes(texture)).toBe(2 * 8);
    const image = texture.image as { data: Uint16Array };
    const texels = image.data;
    expect([...texels].map(halfFloatValue)).toEqual([-1000, 0, 40, 1500, 2000, -50, 7, 3000]);
    expect(image.data).toBe(texels);
    // three.js calls onUpdate once the texels are on the GPU: the page no longer holds them.
    texture.onUpdate?.(texture);
    const again = image.data;
    expect(again).not.toBe(texels);
    expect([...again]).toEqual([...texels]);
  });
});
