/**
 * What a codec hands back: sample bit patterns, interleaved when there are several components, before
 * DICOM's BitsStored / PixelRepresentation are applied (see storedValues.ts).
 */
export interface RawImage {
  width: number;
  height: number;
  components: number;
  samples: Uint8Array | Uint16Array | Uint32Array;
  /** The codestream's own signedness, where it has one (JPEG 2000 SIZ, ITU T.800 A.5.1). */
  signed?: boolean;
}

/** Copies `count` samples of `bytesPerSample` out of WASM memory, which the next decode may reuse. */
export function copySamples(
  decoded: Uint8Array,
  bytesPerSample: number,
  count: number,
): Uint8Array | Uint16Array {
  const byteLength = count * bytesPerSample;
  if (decoded.length < byteLength) {
    throw new Error(`decoder returned ${decoded.length} bytes, expected ${byteLength}`);
  }
  const bytes = decoded.slice(0, byteLength);
  return bytesPerSample === 1 ? bytes : new Uint16Array(bytes.buffer, 0, count);
}

/** Planar (all of component 0, then 1, ...) to interleaved samples. */
export function interleave<T extends RawImage['samples']>(planar: T, components: number): T {
  if (components === 1) return planar;
  const pixels = planar.length / components;
  const out = new (planar.constructor as new (n: number) => T)(planar.length);
  for (let c = 0; c < components; c++) {
    for (let i = 0; i < pixels; i++) out[i * components + c] = planar[c * pixels + i]!;
  }
  return out;
}
