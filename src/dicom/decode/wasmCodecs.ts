import { errorMessage } from '../../core/errors';
import { emscriptenOptions } from './codecAssets';
import { factoryOf, lazyCodec } from './lazyCodec';
import { copySamples, interleave, type RawImage } from './rawImage';

/*
 * The four Emscripten codecs share one shape (chafey's Embind wrappers): copy the codestream into the
 * decoder's buffer, decode, read frame info and the decoded buffer, delete the decoder.
 * Decode-only builds keep the WASM small.
 */

const charls = lazyCodec('JPEG-LS (CharLS)', async () =>
  factoryOf(await import('@cornerstonejs/codec-charls/decodewasmjs'))(emscriptenOptions('charls')),
);
const libjpegTurbo = lazyCodec('JPEG baseline (libjpeg-turbo)', async () =>
  factoryOf(await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'))(
    emscriptenOptions('libjpegTurbo'),
  ),
);
const openjpeg = lazyCodec('JPEG 2000 (OpenJPEG)', async () =>
  factoryOf(await import('@cornerstonejs/codec-openjpeg/decodewasmjs'))(emscriptenOptions('openjpeg')),
);
const openjph = lazyCodec('HTJ2K (OpenJPH)', async () =>
  factoryOf(await import('@cornerstonejs/codec-openjph/wasmjs'))(emscriptenOptions('openjph')),
);

/** C++ exceptions reach JS as bare pointers (numbers); CharLS can turn one into its message. */
function describeThrown(thrown: unknown, exceptionMessage?: (pointer: number) => string): string {
  if (typeof thrown === 'number' && exceptionMessage) {
    try {
      return exceptionMessage(thrown);
    } catch {
      // fall through to the code
    }
  }
  return errorMessage(thrown);
}

function runDecoder(
  decoder: CodecWasmDecoder,
  encoded: Uint8Array,
  codec: string,
  afterDecode?: (decoder: CodecWasmDecoder, info: CodecFrameInfo) => boolean,
  exceptionMessage?: (pointer: number) => string,
): RawImage {
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // OpenJPEG reports a corrupt codestream as a 0x0 image instead of throwing.
    if (!(info.width > 0 && info.height > 0 && info.componentCount > 0)) {
      throw new Error(
        `${codec} decoder produced no image (${info.width}x${info.height}): corrupt codestream`,
      );
    }
    const bytesPerSample = info.bitsPerSample <= 8 ? 1 : 2;
    const count = info.width * info.height * info.componentCount;
    let samples = copySamples(decoder.getDecodedBuffer(), bytesPerSample, count);
    if (afterDecode?.(decoder, info)) samples = interleave(samples, info.componentCount);
    const image: RawImage = {
      width: info.width,
      height: info.height,
      components: info.componentCount,
      samples,
    };
    if (typeof info.isSigned === 'boolean') image.signed = info.isSigned;
    return image;
  } catch (thrown) {
    throw new Error(`${codec}: ${describeThrown(thrown, exceptionMessage)}`);
  } finally {
    decoder.delete();
  }
}

/** JPEG-LS (ITU T.87); interleave mode 0 (ILV_NONE) returns the components planar. */
export async function decodeJpegLs(encoded: Uint8Array): Promise<RawImage> {
  const module = await charls();
  const planar = (decoder: CodecWasmDecoder) =>
    (decoder as InstanceType<typeof module.JpegLSDecoder>).getInterleaveMode() === 0;
  return runDecoder(new module.JpegLSDecoder(), encoded, 'JPEG-LS', planar, module.getExceptionMessage);
}

/** 8-bit JPEG baseline (ITU T.81 process 1); colour comes back as interleaved RGB. */
export async function decodeJpegBaseline(encoded: Uint8Array): Promise<RawImage> {
  const module = await libjpegTurbo();
  return runDecoder(new module.JPEGDecoder(), encoded, 'JPEG baseline');
}

/** JPEG 2000 (ITU T.800), raw codestream or JP2 file. */
export async function decodeJpeg2000(encoded: Uint8Array): Promise<RawImage> {
  const module = await openjpeg();
  return runDecoder(new module.J2KDecoder(), encoded, 'JPEG 2000');
}

/** High-Throughput JPEG 2000 (ITU T.814). */
export async function decodeHtj2k(encoded: Uint8Array): Promise<RawImage> {
  const module = await openjph();
  return runDecoder(new module.HTJ2KDecoder(), encoded, 'HTJ2K');
}
