import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame, isTransferSyntaxSupported } from '../../src/dicom/decode/index';
import { parseDicom } from '../../src/dicom/parse';
import { transferSyntaxName } from '../../src/dicom/transferSyntaxes';
import type { DecodedFrame, ParsedDicom } from '../../src/dicom/types';
import { testDataPath } from '../testData';

/** One GE CT slice re-encoded in 15 transfer syntaxes (see the test data's SOURCES.md). */
const folder = testDataPath('dicom-files/cornerstone-wado-image-loader');
const variant = (suffix: string) => (suffix === '' ? 'CTImage.dcm' : `CTImage.dcm_${suffix}.dcm`);

function parseFile(name: string): ParsedDicom {
  const result = parseDicom(new Uint8Array(readFileSync(path.join(folder, name))), name);
  if (!result.ok) throw new Error(result.skip.message);
  return result.parsed;
}

function hounsfield(parsed: ParsedDicom, frame: DecodedFrame): Float64Array {
  const { rescaleSlope, rescaleIntercept } = parsed.instance;
  return Float64Array.from(frame.pixels, (v) => v * rescaleSlope + rescaleIntercept);
}

const reference = parseFile(variant(''));
const referenceFrame = await decodeFrame(reference, 0);
const referenceHu = hounsfield(reference, referenceFrame);

const lossless = [
  'LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2',
  'LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1',
  'DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99',
  'BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2',
  'RLELosslessTransferSyntax_1.2.840.10008.1.2.5',
  'JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57',
  'JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70',
  'JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80',
  'JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90',
];

/** Max |HU difference| allowed, per lossy syntax; measured values are in the comments. */
const lossy: Array<[suffix: string, maxAbsHu: number]> = [
  ['JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81', 1], // measured 1 (near-lossless NEAR=1)
  ['JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91', 5], // measured 5 (GDCM agrees: within 5 HU)
  ['JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50', 65], // 8-bit re-quantised (32 HU steps): measured 64.2
];

const unsupported = [
  'JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51',
  'JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53',
  'JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55',
];

/** Element-wise comparison without vitest's deep equality, which takes seconds on 262,144 values. */
function countDifferences(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
  return differences;
}

/** Decode time of one frame (first decode includes codec start-up), logged for the record, never asserted. */
async function timedDecode(parsed: ParsedDicom): Promise<DecodedFrame> {
  await decodeFrame(parsed, 0);
  const start = performance.now();
  const frame = await decodeFrame(parsed, 0);
  console.log(
    `decode ${transferSyntaxName(parsed.instance.transferSyntaxUid)}: ${(performance.now() - start).toFixed(1)} ms`,
  );
  return frame;
}

describe('CTImage.dcm in every transfer syntax', () => {
  it('reads the uncompressed reference as a signed 512x512 CT in the HU range GDCM reports', () => {
    expect(reference.instance.modality).toBe('CT');
    expect(referenceFrame.pixels).toBeInstanceOf(Int16Array);
    expect([referenceFrame.rows, referenceFrame.columns]).toEqual([512, 512]);
    expect(referenceHu.reduce((a, b) => Math.min(a, b))).toBe(-3024);
    expect(referenceHu.reduce((a, b) => Math.max(a, b))).toBe(1378);
  });

  it.each(lossless)('%s decodes to exactly the reference stored values', async (suffix) => {
    const parsed = parseFile(variant(suffix));
    const frame = await timedDecode(parsed);
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(frame.pixels.length).toBe(referenceFrame.pixels.length);
    expect(countDifferences(frame.pixels, referenceFrame.pixels)).toBe(0);
  });

  it.each(lossy)('%s stays within %d HU of the reference', async (suffix, maxAbsHu) => {
    const parsed = parseFile(variant(suffix));
    const hu = hounsfield(parsed, await timedDecode(parsed));
    let maxDiff = 0;
    for (let i = 0; i < hu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(hu[i]! - referenceHu[i]!));
    console.log(`${suffix}: max |HU diff| ${maxDiff.toFixed(2)}`);
    expect(maxDiff).toBeLessThanOrEqual(maxAbsHu);
    expect(maxDiff).toBeGreaterThan(0);
  });

  it.each(unsupported)('%s is refused with the syntax name and UID', (suffix) => {
    const name = variant(suffix);
    const result = parseDicom(new Uint8Array(readFileSync(path.join(folder, name))), name);
    const uid = suffix.slice(suffix.lastIndexOf('_') + 1);
    expect(isTransferSyntaxSupported(uid)).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.skip.kind).toBe('unsupported-transfer-syntax');
    expect(result.skip.message).toContain(uid);
    expect(result.skip.message).toContain(transferSyntaxName(uid));
    expect(result.skip.message).toContain(name);
  });

  it('names transfer syntaxes as the registry does', () => {
    expect(transferSyntaxName('1.2.840.10008.1.2.4.90')).toBe('JPEG 2000 Image Compression (Lossless Only)');
    expect(transferSyntaxName('1.2.840.10008.1.2.4.201')).toBe(
      'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
    );
    expect(transferSyntaxName('1.2.3.4')).toBe('unknown transfer syntax');
  });
});
