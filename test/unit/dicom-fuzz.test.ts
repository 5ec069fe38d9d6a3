import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/dicom/decode/index';
import { parseDicom } from '../../src/dicom/parse';
import type { DecodedFrame } from '../../src/dicom/types';
import { testDataPath } from '../testData';

const data = testDataPath('dicom-files');

/** Real files, one or more per decoder family, and how many mutations of each (460 in all). */
const sources: Array<[string, number]> = [
  ['pydicom-2.3.1-deb/MR_small.dcm', 60],
  ['pydicom-2.3.1-deb/MR_small_bigendian.dcm', 40],
  ['pydicom-2.3.1-deb/MR_small_RLE.dcm', 60],
  ['pydicom-2.3.1-deb/MR_small_jpeg_ls_lossless.dcm', 60],
  ['pydicom-2.3.1-deb/MR_small_jp2klossless.dcm', 50],
  ['pydicom-2.3.1-deb/SC_rgb_jpeg_gdcm.dcm', 50],
  ['pylibjpeg-data/JPEGBaseline_1s_1f_u_08_08.dcm', 50],
  ['pydicom-2.3.1-deb/image_dfl.dcm', 30],
  ['pydicom-data/liver.dcm', 20],
  ['dicomParser/encapsulated/single-frame/CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm', 20],
  ['pydicom-data/HTJ2K_08_RGB.dcm', 20],
];

/** mulberry32: a tiny seeded PRNG, so every run mutates the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Truncation, byte flips, or a 32-bit word overwritten (lengths and offsets are the fragile parts). */
function mutate(original: Uint8Array, random: () => number): Uint8Array {
  const at = (n: number) => Math.floor(random() * n);
  const kind = at(4);
  if (kind === 0) return original.slice(0, at(original.length));
  const bytes = original.slice();
  // Half the edits land in the last quarter, where the pixel data (and codestream headers) sit.
  const position = () => (random() < 0.5 ? at(bytes.length) : bytes.length - 1 - at(bytes.length >> 2));
  if (kind === 1) {
    for (let i = 0, n = 1 + at(8); i < n; i++) bytes[position()] = at(256);
  } else {
    const p = Math.min(position(), bytes.length - 4);
    const word = kind === 2 ? 0xffffffff : at(2 ** 32);
    new DataView(bytes.buffer).setUint32(p, word, true);
  }
  return bytes;
}

describe('fuzzed real files: parse + decode succeed or fail with a readable message', () => {
  it.each(sources)(
    '%s (%d mutations)',
    async (source, cases) => {
      const original = new Uint8Array(readFileSync(path.join(data, source)));
      const random = prng(source.length * 7919);
      const counts = { decoded: 0, skipped: 0, decodeFailed: 0 };
      let slowestMs = 0;
      for (let c = 0; c < cases; c++) {
        const name = `${source}#${c}`;
        const started = performance.now();
        const result = parseDicom(mutate(original, random), name);
        if (!result.ok) {
          counts.skipped++;
          expect(result.skip.message.startsWith(`${name}: `)).toBe(true);
          expect(result.skip.kind).toMatch(/^[a-z-]+$/);
        } else {
          for (let f = 0; f < result.parsed.instance.numberOfFrames; f++) {
            let outcome: DecodedFrame | Error;
            try {
              outcome = await decodeFrame(result.parsed, f);
            } catch (thrown) {
              outcome = thrown as Error;
            }
            if (outcome instanceof Error) {
              counts.decodeFailed++;
              expect(outcome.message, name).toMatch(/^cannot decode frame \d+ \(.+\): ./);
            } else {
              counts.decoded++;
              expect(outcome.pixels.length, name).toBe(
                outcome.rows * outcome.columns * outcome.samplesPerPixel,
              );
            }
          }
        }
        slowestMs = Math.max(slowestMs, performance.now() - started);
      }
      console.log(`${source}: ${JSON.stringify(counts)}, slowest case ${slowestMs.toFixed(0)} ms`);
    },
    120_000,
  );
});
