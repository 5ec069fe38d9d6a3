/**
 * One fuzz case through the whole ingest (zip expansion, parse, group, assemble, decode), classified:
 * opened, refused (a named SkipReason), decode-failed (the decoder's named error) or uncaught (anything
 * else: a throw from code that must never throw, a programming error, a message not naming the file).
 */
import { decodeFrame } from '../../src/dicom/decode/index';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { ByteBudget, ingestLimits } from '../../src/dicom/ingestLimits';
import { parseDicom } from '../../src/dicom/parse';
import type { ParsedDicom } from '../../src/dicom/types';
import { expandZip } from '../../src/dicom/zip';
import { testDataPath } from '../testData';
import type { Mutant } from './mutate';

/** Real files, one or more per reader and decoder family (PS3.5 transfer syntaxes, classic and enhanced). */
export const FUZZ_SOURCES: readonly string[] = [
  'dicom-files/pydicom-2.3.1-deb/CT_small.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small_implicit.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small_bigendian.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small_RLE.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small_jpeg_ls_lossless.dcm',
  'dicom-files/pydicom-2.3.1-deb/MR_small_jp2klossless.dcm',
  'dicom-files/pydicom-2.3.1-deb/image_dfl.dcm',
  'dicom-files/pydicom-2.3.1-deb/SC_rgb_jpeg_gdcm.dcm',
  'dicom-files/pylibjpeg-data/JPEGBaseline_1s_1f_u_08_08.dcm',
  'dicom-files/pydicom-data/emri_small.dcm',
  'dicom-files/pydicom-data/emri_small_RLE.dcm',
  'dicom-files/pydicom-data/liver.dcm',
  'dicom-files/pydicom-data/HTJ2K_08_RGB.dcm',
  'dicom-files/dicomParser/encapsulated/single-frame/CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm',
  'ct-series/pancreas-ct-cb001/1-001.dcm',
  'ct-series/totalseg-example-ct-j2k/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573',
];

export const fuzzSourcePath = (source: string) => testDataPath(source);

/** opened: a series formed or a frame decoded; refused: nothing usable, every file named with its reason. */
export type FuzzOutcome = 'opened' | 'refused' | 'decode-failed' | 'uncaught';

export interface FuzzCaseResult {
  outcome: FuzzOutcome;
  /** For 'uncaught': what went wrong. For 'refused': the skip kinds. */
  detail?: string;
}

const PROGRAMMING_ERRORS = [TypeError, ReferenceError, SyntaxError];
const isProgrammingError = (thrown: unknown) =>
  !(thrown instanceof Error) || PROGRAMMING_ERRORS.some((E) => thrown instanceof E);

/** 8 GB device: a 4 GB budget, as on a typical workstation. */
const LIMITS = ingestLimits(8 * 1024 ** 3);
/** Frames decoded per object (the emri files have 10): enough to reach every decoder path. */
const MAX_FRAMES = 3;

export async function runFuzzCase(mutant: Mutant, name: string): Promise<FuzzCaseResult> {
  const uncaught = (detail: string): FuzzCaseResult => ({
    outcome: 'uncaught',
    detail: `${name} [${mutant.kind}: ${mutant.detail}] ${detail}`,
  });
  const budget = new ByteBudget(LIMITS);
  let scan: ReturnType<typeof scanFiles>;
  let refusedKinds: string[] = [];
  // Every parsed file is decoded, not only those forming a series (colour, no geometry): every decoder runs.
  const parsedFiles: ParsedDicom[] = [];
  try {
    const expanded = mutant.zip
      ? expandZip({ path: name, bytes: mutant.bytes }, budget)
      : { files: [{ path: name, bytes: mutant.bytes }], refused: [] };
    scan = scanFiles(expanded.files, budget);
    for (const file of expanded.files) {
      const parsed = parseDicom(file.bytes, file.path, new ByteBudget(LIMITS));
      if (parsed.ok) parsedFiles.push(parsed.parsed);
    }
    const reasons = [...expanded.refused, ...scan.skipped, ...scan.nonImages];
    for (const r of reasons) {
      if (
        !r.path.startsWith(name) ||
        !r.message.startsWith(`${r.path}: `) ||
        r.message.length < r.path.length + 8
      )
        return uncaught(`reason does not name its file: ${JSON.stringify(r)}`);
    }
    refusedKinds = reasons.map((r) => r.kind);
  } catch (thrown) {
    return uncaught(`ingest threw: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  }
  let decodeFailed = false;
  let decoded = 0;
  // Files in a series are decoded by buildVolume below: decode each frame once (a corrupt JPEG-LS stream
  // can take CharLS ~30 s to fail).
  const inSeries = new Set(scan.candidates.flatMap((c) => c.instances.map((p) => p.instance.path)));
  for (const parsed of parsedFiles.filter((p) => !inSeries.has(p.instance.path))) {
    const frames = Math.min(MAX_FRAMES, parsed.frameFragments.length);
    for (let f = 0; f < frames; f++) {
      try {
        const frame = await decodeFrame(parsed, f);
        decoded++;
        if (frame.pixels.length !== frame.rows * frame.columns * frame.samplesPerPixel)
          return uncaught(
            `frame ${f} decoded to ${frame.pixels.length} values for ${frame.rows}x${frame.columns}`,
          );
      } catch (thrown) {
        if (
          isProgrammingError(thrown) ||
          !/^cannot decode frame \d+ \(.+\): ./.test((thrown as Error).message)
        )
          return uncaught(`decode threw: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
        decodeFailed = true;
      }
    }
  }
  for (const candidate of scan.candidates) {
    if (candidate.summary.problem || candidate.slices.length > 64) continue;
    try {
      await buildVolume(candidate);
    } catch (thrown) {
      if (isProgrammingError(thrown))
        return uncaught(`buildVolume threw: ${(thrown as Error).stack ?? String(thrown)}`);
      decodeFailed = true;
    }
  }
  if (decodeFailed) return { outcome: 'decode-failed' };
  if (scan.candidates.length > 0 || decoded > 0) return { outcome: 'opened' };
  return { outcome: 'refused', detail: [...new Set(refusedKinds)].join(',') };
}
