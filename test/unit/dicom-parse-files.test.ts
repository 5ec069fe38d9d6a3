import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/core/errors';
import { decodeFrame } from '../../src/dicom/decode/index';
import { parseDicom } from '../../src/dicom/parse';
import type { DecodedFrame, ParsedDicom, SkipKind } from '../../src/dicom/types';
import { testDataPath } from '../testData';

/** Every single file of the test data's dicom-files (176 files from 10 public test suites, see SOURCES.md). */
const root = testDataPath('dicom-files');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [path.relative(root, full)];
  });
}
const files = listFiles(root)
  .filter((f) => !f.endsWith('.md'))
  .sort();

/** Files that must be refused, and why. Everything else must decode every frame. */
const expectedSkips: Record<string, SkipKind | 'decode-failed'> = {
  'cornerstone-wado-image-loader/CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm':
    'unsupported-transfer-syntax',
  'cornerstone-wado-image-loader/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm':
    'unsupported-transfer-syntax',
  'cornerstone-wado-image-loader/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm':
    'unsupported-transfer-syntax',
  'cornerstone-wado-image-loader/no-pixel-data.dcm': 'not-an-image',
  'dicomParser/deflate/report_dfl': 'not-an-image',
  'dicomParser/deflate/wave_dfl': 'not-an-image',
  'dicomParser/encapsulated/multi-frame/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm':
    'unsupported-transfer-syntax',
  'dwv/dwv-test_no-number-rows.dcm': 'inconsistent',
  'nibabel-5.0.0-deb/csa_slice_norm.dcm': 'no-pixel-data',
  'pydicom-2.3.1-deb/ExplVR_BigEndNoMeta.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/ExplVR_LitEndNoMeta.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/JPEG-lossy.dcm': 'unsupported-transfer-syntax',
  'pydicom-2.3.1-deb/JPGExtended.dcm': 'unsupported-transfer-syntax',
  'pydicom-2.3.1-deb/JPEG2000-embedded-sequence-delimiter.dcm': 'decode-failed',
  'pydicom-2.3.1-deb/MR_truncated.dcm': 'truncated',
  'pydicom-2.3.1-deb/UN_sequence.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/empty_charset_LEI.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/meta_missing_tsyntax.dcm': 'inconsistent',
  'pydicom-2.3.1-deb/nested_priv_SQ.dcm': 'inconsistent',
  'pydicom-2.3.1-deb/no_meta.dcm': 'not-dicom',
  'pydicom-2.3.1-deb/no_meta_group_length.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/priv_SQ.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/reportsi.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/reportsi_with_empty_number_tags.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/rtplan.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/rtplan_truncated.dcm': 'truncated',
  'pydicom-2.3.1-deb/rtstruct.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/test-SR.dcm': 'not-an-image',
  'pydicom-2.3.1-deb/waveform_ecg.dcm': 'not-an-image',
  'pydicom-data/parametric_map_float.dcm': 'no-pixel-data',
};

type Outcome =
  | { ok: true; parsed: ParsedDicom; frames: DecodedFrame[] }
  | { ok: false; kind: SkipKind | 'decode-failed'; message: string };

const outcomes = new Map<string, Outcome>();
async function load(file: string): Promise<Outcome> {
  const cached = outcomes.get(file);
  if (cached) return cached;
  const result = parseDicom(new Uint8Array(readFileSync(path.join(root, file))), file);
  let outcome: Outcome;
  if (!result.ok) {
    outcome = { ok: false, kind: result.skip.kind, message: result.skip.message };
  } else {
    try {
      const frames: DecodedFrame[] = [];
      for (let f = 0; f < result.parsed.instance.numberOfFrames; f++)
        frames.push(await decodeFrame(result.parsed, f));
      outcome = { ok: true, parsed: result.parsed, frames };
    } catch (thrown) {
      outcome = { ok: false, kind: 'decode-failed', message: `${file}: ${errorMessage(thrown)}` };
    }
  }
  outcomes.set(file, outcome);
  return outcome;
}

async function framesOf(file: string): Promise<DecodedFrame[]> {
  const outcome = await load(file);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.frames;
}

function maxAbsDifference(a: DecodedFrame, b: DecodedFrame): number {
  expect([a.rows, a.columns, a.samplesPerPixel]).toEqual([b.rows, b.columns, b.samplesPerPixel]);
  expect(a.pixels.length).toBe(b.pixels.length);
  let max = 0;
  for (let i = 0; i < a.pixels.length; i++) max = Math.max(max, Math.abs(a.pixels[i]! - b.pixels[i]!));
  return max;
}

describe('every file in dicom-files', () => {
  it('holds the files SOURCES.md lists', () => {
    expect(files.length).toBe(176);
  });

  it.each(files)('%s decodes or is refused with a reason', async (file) => {
    const outcome = await load(file);
    const expected = expectedSkips[file];
    if (expected) {
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.kind).toBe(expected);
      expect(outcome.message.startsWith(`${file}: `)).toBe(true);
      expect(outcome.message.length).toBeGreaterThan(file.length + 10);
      return;
    }
    if (!outcome.ok) throw new Error(`${outcome.kind}: ${outcome.message}`);
    const { instance } = outcome.parsed;
    expect(outcome.frames.length).toBe(instance.numberOfFrames);
    for (const frame of outcome.frames) {
      expect([frame.rows, frame.columns]).toEqual([instance.rows, instance.columns]);
      expect(frame.pixels.length).toBe(instance.rows * instance.columns * instance.samplesPerPixel);
    }
  });
});

/**
 * [file, reference, max |stored value difference|]: the same pixels in another encoding. Lossy limits are
 * the measured maxima (comments), rounded up a little.
 */
const pairs: Array<[string, string, number]> = [
  ['pydicom-data/693_J2KR.dcm', 'pydicom-data/693_UNCR.dcm', 0],
  ['pydicom-2.3.1-deb/693_J2KI.dcm', 'pydicom-data/693_UNCI.dcm', 0],
  ...['RLE', 'bigendian', 'expb', 'implicit', 'jp2klossless', 'jpeg_ls_lossless', 'padded'].map(
    (v): [string, string, number] => [
      `pydicom-2.3.1-deb/MR_small_${v}.dcm`,
      'pydicom-2.3.1-deb/MR_small.dcm',
      0,
    ],
  ),
  ...['RLE', 'big_endian', 'jpeg_2k_lossless', 'jpeg_ls_lossless'].map((v): [string, string, number] => [
    `pydicom-data/emri_small_${v}.dcm`,
    'pydicom-data/emri_small.dcm',
    0,
  ]),
  ...[2, 3, 4, 5, 6, 7, 8, 9].map((n): [string, string, number] => [
    `dcm_qa_ts/${n}.dcm`,
    'dcm_qa_ts/1.dcm',
    0,
  ]),
  ...[
    'CT1_UNC.explicit_big_endian.dcm',
    'CT1_UNC.implicit_little_endian.dcm',
    'encapsulated/single-frame/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm',
    'encapsulated/single-frame/CT1_UNC.fragmented_no_bot_jpeg_ls.80.dcm',
    'encapsulated/single-frame/CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm',
    'encapsulated/single-frame/CT1_UNC.not_fragmented_no_bot_jpeg_ls.80.dcm',
  ].map((v): [string, string, number] => [
    `dicomParser/${v}`,
    'dicomParser/CT1_UNC.explicit_little_endian.dcm',
    0,
  ]),
  ['dwv/nema-ct1_jpll.dcm', 'dicomParser/CT1_UNC.explicit_little_endian.dcm', 0],
  ['cornerstone-wado-image-loader/CT1_J2KR', 'dicomParser/CT1_UNC.explicit_little_endian.dcm', 0],
  ...[
    'fragmented_no_bot_jpeg_lossless.57',
    'fragmented_no_bot_jpeg_lossless.70',
    'fragmented_no_bot_jpeg_ls.80',
    'not_fragmented_bot_jpeg_ls.80',
    'not_fragmented_no_bot_jpeg_ls.80',
    'not_fragmented_bot_rle',
    'not_fragmented_no_bot_rle',
  ].map((v): [string, string, number] => [
    `dicomParser/encapsulated/multi-frame/CT0012.${v}.dcm`,
    'dicomParser/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm',
    0,
  ]),
  [
    'dicomParser/encapsulated/multi-frame/CT0012.fragmented_no_bot_jpeg_ls.81.dcm',
    'dicomParser/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm',
    2,
  ],
  ['pydicom-data/liver_deflate.dcm', 'pydicom-data/liver.dcm', 0],
  ['pydicom-2.3.1-deb/liver_expb_1frame.dcm', 'pydicom-2.3.1-deb/liver_1frame.dcm', 0],
  ['pydicom-2.3.1-deb/rtdose_expb.dcm', 'pydicom-2.3.1-deb/rtdose.dcm', 0],
  ['pydicom-2.3.1-deb/rtdose_rle.dcm', 'pydicom-2.3.1-deb/rtdose.dcm', 0],
  ['pydicom-2.3.1-deb/rtdose_expb_1frame.dcm', 'pydicom-2.3.1-deb/rtdose_1frame.dcm', 0],
  ['pydicom-2.3.1-deb/rtdose_rle_1frame.dcm', 'pydicom-2.3.1-deb/rtdose_1frame.dcm', 0],
  ['pydicom-2.3.1-deb/JPEG2000.dcm', 'pydicom-data/JPEG2000_UNC.dcm', 0],
  // Same image; codestream signedness disagrees with PixelRepresentation one way or the other.
  ['pylibjpeg-data/TOSHIBA_J2K_SIZ1_PixRep0.dcm', 'pylibjpeg-data/TOSHIBA_J2K_SIZ0_PixRep1.dcm', 0],
];

describe('decoded pixels equal a reference encoding of the same image', () => {
  it.each(pairs)('%s vs %s (max diff %d)', async (file, reference, tolerance) => {
    const frames = await framesOf(file);
    const expected = await framesOf(reference);
    expect(frames.length).toBe(expected.length);
    const worst = Math.max(...frames.map((frame, f) => maxAbsDifference(frame, expected[f]!)));
    if (worst > 0) console.log(`${file}: max |difference| ${worst}`);
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
});
