import { openAsBlob, readFileSync } from 'node:fs';
import os from 'node:os';
import charlsDecoderFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import openjpegDecoderFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import daikon from 'daikon';
import dcmjs from 'dcmjs';
import { buildVolume, pickBestSeries, type SeriesCandidate, scanFiles } from '../../../src/dicom/ingest';
import { ingestLimits } from '../../../src/dicom/ingestLimits';
import { openSources } from '../../../src/dicom/openSources';
import { dicomParser } from '../../../src/dicom/parse/dicomParserLib';
import type { Volume } from '../../../src/volume/volume';
import { volumeHu } from '../lib/volumeCheck';
import { readAll, type SeriesOnDisk } from './readFiles';

/**
 * One way of turning a folder of files into a volume. `run` is timed and reads the files itself;
 * `hu` (untimed) turns what it made into HU in our voxel order (i fastest, slices by ascending z) for the check.
 */
export interface IngestSide {
  name: string;
  /** Why this side cannot read the series (say so in the table), or undefined. */
  cannot: (series: SeriesOnDisk) => string | undefined;
  run: (series: SeriesOnDisk) => Promise<unknown>;
  hu: (made: unknown) => ArrayLike<number>;
}

export function bestCandidate(candidates: readonly SeriesCandidate[]): SeriesCandidate {
  const best = pickBestSeries(candidates.map((c) => c.summary));
  const candidate = candidates.find((c) => c.summary === best);
  if (!candidate) throw new Error('no usable series');
  return candidate;
}

/** The CLI's limits (half of this computer's memory), as the app's ingest worker gets the device's. */
const NODE_LIMITS = ingestLimits(os.totalmem(), 'this computer');

/** Ours: the app's pipeline on bytes already read (scanFiles + buildVolume, decoding in this thread). */
export const ours: IngestSide = {
  name: 'ours',
  cannot: () => undefined,
  run: async (series) => buildVolume(bestCandidate(scanFiles(readAll(series.paths)).candidates)),
  hu: (made) => volumeHu(made as Volume),
};

/**
 * Ours as the app opens files (the memory stage's side): dicom/openSources.ts, what the ingest worker
 * runs, on file-backed Blobs (fs.openAsBlob, as a dropped File is in the browser): plain files read header
 * first, parsed, grouped, the series chosen, its native frames read one by one into the volume, the
 * loading pictures made on the way. A compressed series then decodes in this thread (the page's decode
 * pool in the browser). Node's Blob reads cost more CPU than readFileSync, so the ingest stage times `ours`.
 */
export const oursOpen: IngestSide = {
  name: 'ours',
  cannot: () => undefined,
  run: async (series) => {
    const files = await Promise.all(series.paths.map(async (p) => ({ path: p, blob: await openAsBlob(p) })));
    const outcome = await openSources({ files, limits: NODE_LIMITS }, () => undefined);
    if (outcome.volumeError) throw new Error(outcome.volumeError);
    if (outcome.volume) return outcome.volume;
    const chosen = outcome.scan.candidates.find((c) => c.key === outcome.chosenKey);
    if (!chosen) throw new Error('no usable series');
    return buildVolume(chosen);
  },
  hu: (made) => volumeHu(made as Volume),
};

/** A 16-bit view of bytes, copying only when the offset is odd (typed arrays need aligned offsets). */
function samples16(
  bytes: Uint8Array,
  offset: number,
  length: number,
  signed: boolean,
): Int16Array | Uint16Array {
  const at = bytes.byteOffset + offset;
  const buffer = at % 2 === 0 ? bytes.buffer : bytes.slice(offset, offset + length).buffer;
  const start = at % 2 === 0 ? at : 0;
  return signed ? new Int16Array(buffer, start, length / 2) : new Uint16Array(buffer, start, length / 2);
}

/** HU slices in ascending z written into one Int16 volume: how a plain user of each library would do it. */
interface PlainSlice {
  z: number;
  samples: ArrayLike<number>;
  slope: number;
  intercept: number;
}
function stackHu(slices: PlainSlice[]): Int16Array {
  slices.sort((a, b) => a.z - b.z);
  const per = slices[0]!.samples.length;
  const volume = new Int16Array(per * slices.length);
  slices.forEach((s, k) => {
    const base = k * per;
    for (let i = 0; i < per; i++) volume[base + i] = s.samples[i]! * s.slope + s.intercept;
  });
  return volume;
}

/** dicom-parser used plainly: parse each file, view its native pixel bytes, rescale into one volume. */
export const dicomParserPlain: IngestSide = {
  name: 'dicom-parser',
  cannot: (s) => (s.encoding === 'native' ? undefined : 'has no codecs (parses only)'),
  run: async (series) =>
    stackHu(
      readAll(series.paths).map((file) => {
        const ds = dicomParser.parseDicom(file.bytes);
        const pixels = ds.elements.x7fe00010!;
        return {
          z: Number(ds.string('x00200032')!.split('\\')[2]),
          samples: samples16(file.bytes, pixels.dataOffset, pixels.length, ds.uint16('x00280103') === 1),
          slope: ds.floatString('x00281053') ?? 1,
          intercept: ds.floatString('x00281052') ?? 0,
        };
      }),
    ),
  hu: (made) => made as Int16Array,
};

const exactArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);

dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

/** dcmjs: DicomMessage.readFile per file, then its PixelData ArrayBuffer rescaled into one volume. */
export const dcmjsPeer: IngestSide = {
  name: 'dcmjs',
  cannot: (s) => (s.encoding === 'native' ? undefined : 'reads encapsulated frames but has no codecs'),
  run: async (series) =>
    stackHu(
      readAll(series.paths).map((file) => {
        const { dict } = dcmjs.data.DicomMessage.readFile(exactArrayBuffer(file.bytes));
        const first = (tag: string): number => Number(dict[tag]?.Value?.[0]);
        const signed = first('00280103') === 1;
        const pixels = dict['7FE00010']!.Value![0] as ArrayBuffer;
        return {
          z: Number(dict['00200032']!.Value![2]),
          samples: signed ? new Int16Array(pixels) : new Uint16Array(pixels),
          slope: first('00281053') || 1,
          intercept: first('00281052') || 0,
        };
      }),
    ),
  hu: (made) => made as Int16Array,
};

/** daikon: parseImage + Series.buildSeries, then getInterpretedData (masked, rescaled) per image. */
export const daikonPeer: IngestSide = {
  name: 'daikon',
  cannot: () => undefined,
  run: async (series) => {
    const built = new daikon.Series();
    for (const file of readAll(series.paths)) {
      const image = daikon.Series.parseImage(new DataView(exactArrayBuffer(file.bytes)));
      if (!image) throw new Error(`daikon: ${String(daikon.Series.parserError)}`);
      if (image.hasPixelData()) built.addImage(image);
    }
    built.buildSeries();
    return stackHu(
      built.images.map((image) => ({
        z: image.getImagePosition()![2]!,
        samples: image.getInterpretedData(),
        slope: 1,
        intercept: 0,
      })),
    );
  },
  hu: (made) => made as Int16Array,
};

/** Where each slice's pixel bytes lie, worked out before timing so the floor does no parsing at all. */
interface FloorPlan {
  paths: string[];
  ranges: { offset: number; length: number }[];
  signed: boolean;
  slope: number;
  intercept: number;
  sliceVoxels: number;
}

export function floorPlan(series: SeriesOnDisk): FloorPlan {
  const candidate = bestCandidate(scanFiles(readAll(series.paths)).candidates);
  const inst = candidate.slices[0]!.source.instance;
  return {
    paths: candidate.slices.map((s) => s.source.instance.path),
    ranges: candidate.slices.map((s) => {
      const fragments = s.source.frameFragments[s.frameIndex]!;
      if (fragments.length !== 1) throw new Error('floor expects one fragment per frame');
      return fragments[0]!;
    }),
    signed: inst.pixelRepresentation === 1,
    slope: inst.rescaleSlope,
    intercept: inst.rescaleIntercept,
    sliceVoxels: inst.rows * inst.columns,
  };
}

const silent = (): void => {};
const charlsDecoder = charlsDecoderFactory({ print: silent, printErr: silent });
const openjpegDecoder = openjpegDecoderFactory({ print: silent, printErr: silent });

/**
 * The floor: read the same files and make one copy of their pixel bytes into the volume buffer (native);
 * for compressed series, the bare codec's decode replaces the copy (read + WASM decode + one copy out).
 */
export function floorSide(plan: FloorPlan): IngestSide {
  return {
    name: 'floor',
    cannot: () => undefined,
    run: async (series) => {
      const sliceBytes = plan.sliceVoxels * 2;
      const out = new Uint8Array(sliceBytes * plan.paths.length);
      const codec =
        series.encoding === 'jpeg-ls'
          ? await charlsDecoder
          : series.encoding === 'jpeg2000'
            ? await openjpegDecoder
            : undefined;
      plan.paths.forEach((p, k) => {
        const file = readFileSync(p);
        const { offset, length } = plan.ranges[k]!;
        const encoded = file.subarray(offset, offset + length);
        if (!codec) {
          out.set(encoded, k * sliceBytes);
          return;
        }
        const decoder = 'JpegLSDecoder' in codec ? new codec.JpegLSDecoder() : new codec.J2KDecoder();
        decoder.getEncodedBuffer(encoded.length).set(encoded);
        decoder.decode();
        out.set(decoder.getDecodedBuffer().subarray(0, sliceBytes), k * sliceBytes);
        decoder.delete();
      });
      return out;
    },
    hu: (made) => {
      const bytes = made as Uint8Array;
      const stored = plan.signed ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
      return Float32Array.from(stored, (v) => v * plan.slope + plan.intercept);
    },
  };
}
