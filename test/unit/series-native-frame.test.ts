import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/dicom/decode/index';
import { parseDicom } from '../../src/dicom/parse';
import { writeNativeFrame } from '../../src/dicom/series/nativeFrame';
import { choosePixelPolicy, type PixelPolicy, writeFrame } from '../../src/dicom/series/pixels';
import { isBigEndianSyntax } from '../../src/dicom/transferSyntaxes';
import type { ParsedDicom } from '../../src/dicom/types';
import { testDataPath } from '../testData';

const DATA = testDataPath();

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** Every n-th file of a series (whole series would only repeat the same case). */
const everyNth = (dir: string, n: number) =>
  filesUnder(path.join(DATA, 'ct-series', dir)).filter((_, i) => i % n === 0);

const FILES = [
  ...everyNth('pancreas-ct-cb001', 30),
  ...everyNth('lidc-idri-0314', 40),
  ...everyNth('ge-head-gantry-tilt', 4),
  ...filesUnder(path.join(DATA, 'dicom-files')),
];

let parsedCache: ParsedDicom[] | undefined;
function parsedFiles(): ParsedDicom[] {
  if (parsedCache) return parsedCache;
  const out: ParsedDicom[] = [];
  for (const file of FILES) {
    const result = parseDicom(new Uint8Array(readFileSync(file)), path.relative(DATA, file));
    if (result.ok) out.push(result.parsed);
  }
  parsedCache = out;
  return out;
}

/** The generic path kept as the reference: decodeFrame (copy + mask) then writeFrame (rescale). */
async function generic(parsed: ParsedDicom, frame: number, policy: PixelPolicy) {
  const count = parsed.instance.rows * parsed.instance.columns;
  const out = new Int16Array(count + 8).fill(12345);
  const clipped = writeFrame(await decodeFrame(parsed, frame), parsed.instance, policy, out, 4);
  return { out, clipped };
}

function fused(parsed: ParsedDicom, frame: number, policy: PixelPolicy) {
  const count = parsed.instance.rows * parsed.instance.columns;
  const out = new Int16Array(count + 8).fill(12345);
  const clipped = writeNativeFrame(parsed, frame, policy, out, 4);
  return { out, clipped };
}

/** The series policy plus variants that drive the general loop: fractional rescale, MONOCHROME1 flip, clipping. */
function cases(parsed: ParsedDicom): { label: string; parsed: ParsedDicom; policy: PixelPolicy }[] {
  const own = choosePixelPolicy([parsed.instance]).policy;
  const fractional = {
    ...parsed,
    instance: { ...parsed.instance, rescaleSlope: 0.37, rescaleIntercept: 5.5 },
  };
  const steep = { ...parsed, instance: { ...parsed.instance, rescaleSlope: 40, rescaleIntercept: -3 } };
  return [
    { label: 'own policy', parsed, policy: own },
    { label: 'fractional rescale', parsed: fractional, policy: { ...own, mode: 'modality' } },
    { label: 'steep rescale (clips)', parsed: steep, policy: { ...own, mode: 'modality' } },
    { label: 'MONOCHROME1 flip', parsed, policy: { ...own, mode: 'stored', invertMonochrome1: true } },
  ];
}

describe('native frames: fused file -> volume path equals decodeFrame + writeFrame', () => {
  it('on real files (pancreas, LIDC, GE head signed + padding, dicom-files)', async () => {
    const covered = new Set<string>();
    let frames = 0;
    let clippedSeen = 0;
    for (const parsed of parsedFiles()) {
      const inst = parsed.instance;
      const frameCount = Math.min(parsed.frameFragments.length, 2);
      for (let frame = 0; frame < frameCount; frame++) {
        for (const c of cases(parsed)) {
          const a = fused(c.parsed, frame, c.policy);
          if (a.clipped === undefined) continue;
          const b = await generic(c.parsed, frame, c.policy);
          const where = `${inst.path} frame ${frame} (${c.label})`;
          expect(a.clipped, where).toBe(b.clipped);
          // Buffer comparison: fast, and exact to the bit; surrounding voxels must stay untouched.
          expect(Buffer.from(a.out.buffer).equals(Buffer.from(b.out.buffer)), where).toBe(true);
          expect(a.out[3]).toBe(12345);
          expect(a.out[a.out.length - 4]).toBe(12345);
          clippedSeen += a.clipped;
          frames++;
          covered.add(`bits${inst.bitsAllocated}`);
          if (isBigEndianSyntax(inst.transferSyntaxUid)) covered.add('big endian');
          if (inst.pixelRepresentation === 1) covered.add('signed');
          if (inst.bitsStored < inst.bitsAllocated) covered.add('masked');
          if (inst.pixelPaddingValue !== undefined) covered.add('padding');
          if (inst.modality === 'CT') covered.add('CT');
        }
      }
    }
    expect([...covered].sort()).toEqual(
      ['8', '16']
        .map((b) => `bits${b}`)
        .concat(['CT', 'big endian', 'masked', 'padding', 'signed'])
        .sort(),
    );
    expect(frames).toBeGreaterThan(100);
    expect(clippedSeen).toBeGreaterThan(0);
  });

  it('declines what it does not handle: compressed, colour, truncated', () => {
    const declined = parsedFiles().filter((p) => {
      const policy = choosePixelPolicy([p.instance]).policy;
      return (
        writeNativeFrame(p, 0, policy, new Int16Array(p.instance.rows * p.instance.columns), 0) === undefined
      );
    });
    const names = declined.map((p) => p.instance.path);
    expect(names.some((n) => n.includes('JPEG2000'))).toBe(true);
    expect(names.some((n) => n.includes('US-YBR_FULL_422'))).toBe(true);
    const pancreas = parsedFiles().find((p) => p.instance.path.startsWith('ct-series/pancreas'))!;
    const range = pancreas.frameFragments[0]![0]!;
    const truncated = { ...pancreas, bytes: pancreas.bytes.subarray(0, range.offset + range.length - 2) };
    const policy = choosePixelPolicy([pancreas.instance]).policy;
    expect(writeNativeFrame(truncated, 0, policy, new Int16Array(512 * 512), 0)).toBeUndefined();
  });
});
