/** The WASM-backed codecs; jpeg-lossless-decoder-js is plain JS and needs no asset. */
export type CodecName = 'charls' | 'libjpegTurbo' | 'openjpeg' | 'openjph';

const wasmUrls: Partial<Record<CodecName, string>> = {};

/**
 * Tells the codecs where their .wasm files are served (browser: Vite `?url` imports made by the worker).
 * Call before the first decode. In Node the Emscripten loaders find the files beside their .js.
 */
export function configureCodecAssets(urls: Partial<Record<CodecName, string>>): void {
  Object.assign(wasmUrls, urls);
}

const silent = (): void => {};

/**
 * Options for an Emscripten module factory: the configured .wasm URL, and console output silenced
 * (the OpenJPEG build prints on every decode; errors are reported through exceptions instead).
 */
export function emscriptenOptions(codec: CodecName): CodecEmscriptenOptions {
  const url = wasmUrls[codec];
  const options: CodecEmscriptenOptions = { print: silent, printErr: silent };
  if (url)
    options.locateFile = (file: string, prefix: string) => (file.endsWith('.wasm') ? url : prefix + file);
  return options;
}
