/// <reference lib="webworker" />
/**
 * Decode worker: turns one frame's encoded bytes into stored pixel values. Codec WASM is served by the app
 * itself (Vite `?url` imports), never from a CDN.
 */
import charlsWasm from 'codec-wasm/codec-charls/dist/charlswasm_decode.wasm?url';
import libjpegTurboWasm from 'codec-wasm/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm?url';
import openjpegWasm from 'codec-wasm/codec-openjpeg/dist/openjpegwasm_decode.wasm?url';
import openjphWasm from 'codec-wasm/codec-openjph/dist/openjphjs.wasm?url';
import { errorMessage } from '../core/errors';
import { configureCodecAssets } from '../dicom/decode/codecAssets';
import { decodeFrame } from '../dicom/decode/index';
import type { DecodedFrame, ParsedDicom } from '../dicom/types';

export interface DecodeRequest {
  parsed: ParsedDicom;
}

configureCodecAssets({
  charls: charlsWasm,
  libjpegTurbo: libjpegTurboWasm,
  openjpeg: openjpegWasm,
  openjph: openjphWasm,
});

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<{ id: number; request: DecodeRequest }>) => {
  const { id, request } = event.data;
  try {
    const frame: DecodedFrame = await decodeFrame(request.parsed, 0);
    scope.postMessage({ id, ok: true, result: frame }, [frame.pixels.buffer as ArrayBuffer]);
  } catch (thrown) {
    scope.postMessage({ id, ok: false, error: `${request.parsed.instance.path}: ${errorMessage(thrown)}` });
  }
};
