/// <reference lib="webworker" />
/**
 * Decode worker: turns one frame's encoded bytes into stored pixel values. Codec WASM is served by the app
 * itself (Vite `?url` imports), never from a CDN.
 */
import charlsWasm from 'codec-wasm/codec-charls/dist/charlswasm_decode.wasm?url';
import libjpegTurboWasm from 'codec-wasm/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm?url';
import openjpegWasm from 'codec-wasm/codec-openjpeg/dist/openjpegwasm_decode.wasm?url';
import openjphWasm from 'codec-wasm/codec-openjph/dist/openjphjs.wasm?url';
import { type RpcScope, serveRpc } from '../core/workerRpc';
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

serveRpc<DecodeRequest, DecodedFrame, never>(
  self as unknown as RpcScope,
  (request) => request.parsed.instance.path,
  (request) => decodeFrame(request.parsed, 0),
  (frame) => [frame.pixels.buffer as ArrayBuffer],
);
