/**
 * Minimal typings for the benchmark's peer libraries and the codecs' encoder builds (none ship types).
 * Only what the bench calls; names from each package's README and source.
 */

declare module 'dcmjs' {
  interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }
  interface DcmjsDicomDict {
    meta: Record<string, DcmjsElement>;
    dict: Record<string, DcmjsElement>;
  }
  const dcmjs: {
    /** loglevel: the "validation.dcmjs" logger prints for every implicit-VR pixel element. */
    log: { getLogger(name: string): { setLevel(level: 'silent' | 'error' | 'warn'): void } };
    data: {
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { ignoreErrors?: boolean; untilTag?: string },
        ): DcmjsDicomDict;
      };
    };
  };
  export default dcmjs;
}

declare module 'daikon' {
  interface DaikonImage {
    hasPixelData(): boolean;
    getSeriesId(): string;
    getImagePosition(): number[] | null;
    getCols(): number;
    getRows(): number;
    /** Rescaled values (slope/intercept applied, masked to BitsStored); decompresses first if needed. */
    getInterpretedData(): Float32Array;
  }
  interface DaikonSeries {
    images: DaikonImage[];
    addImage(image: DaikonImage): void;
    buildSeries(): void;
  }
  const daikon: {
    Series: { new (): DaikonSeries; parseImage(data: DataView): DaikonImage | null; parserError: unknown };
  };
  export default daikon;
}

/** An Embind encoder: fill getDecodedBuffer(frameInfo), encode(), read getEncodedBuffer(). */
interface CodecWasmEncoder {
  getDecodedBuffer(frameInfo: CodecFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
}

declare module '@cornerstonejs/codec-charls/wasmjs' {
  export interface CharLSFullModule {
    JpegLSEncoder: new () => CodecWasmEncoder & { setNearLossless(near: number): void };
    JpegLSDecoder: new () => CodecWasmDecoder;
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<CharLSFullModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  export interface OpenJpegFullModule {
    J2KEncoder: new () => CodecWasmEncoder & {
      setQuality(lossless: boolean, quantizationStep: number): void;
      setDecompositions(levels: number): void;
    };
    J2KDecoder: new () => CodecWasmDecoder;
  }
  const factory: (options?: CodecEmscriptenOptions) => Promise<OpenJpegFullModule>;
  export default factory;
}

/** vtk.js ships no typings for this filter; options and methods from its source (index.js, newInstance). */
declare module '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js' {
  import type { vtkImageData } from '@kitware/vtk.js/Common/DataModel/ImageData';
  import type { vtkPolyData } from '@kitware/vtk.js/Common/DataModel/PolyData';

  interface vtkImageMarchingCubes {
    setInputData(image: vtkImageData): void;
    getOutputData(): vtkPolyData;
  }
  const vtkImageMarchingCubes: {
    newInstance(options: {
      contourValue: number;
      computeNormals: boolean;
      mergePoints: boolean;
    }): vtkImageMarchingCubes;
  };
  export default vtkImageMarchingCubes;
}
