/**
 * Typings for the Emscripten codec builds (they ship none). Only the parts used here; names from the
 * packages' Embind exports (strings in the .wasm) and their READMEs.
 * This file is a global script: the three shared interfaces below are ambient.
 */
interface CodecEmscriptenOptions {
  locateFile?: (file: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}
interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}
/** An Embind decoder object: lives in WASM memory until delete(). */
interface CodecWasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): CodecFrameInfo;
  decode(): void;
  delete(): void;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  export interface CharLSModule {
    JpegLSDecoder: new () => CodecWasmDecoder & { getInterleaveMode(): number; getNearLossless(): number };
    getExceptionMessage?: (pointer: number) => string;
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<CharLSModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  export interface LibJpegTurboModule {
    JPEGDecoder: new () => CodecWasmDecoder;
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<LibJpegTurboModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  export interface OpenJpegModule {
    J2KDecoder: new () => CodecWasmDecoder;
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<OpenJpegModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjph/wasmjs' {
  export interface OpenJphModule {
    HTJ2KDecoder: new () => CodecWasmDecoder & {
      getIsHeaderValid?(): boolean;
      getLastErrorMessage?(): string;
    };
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<OpenJphModule>;
  export default factory;
}
