import type { DecodedFrame } from '../../../src/dicom/types';

// Browser-safe: the Node decode stage and the bench page checksum their decodes the same way.

/** FNV-1a over the frames' stored values, in file order: equal checksums mean equal decodes. */
export function framesChecksum(frames: readonly DecodedFrame[]): string {
  let hash = 0x811c9dc5;
  for (const frame of frames)
    for (let i = 0; i < frame.pixels.length; i++) {
      const v = frame.pixels[i]! & 0xffff;
      hash = Math.imul(hash ^ (v & 0xff), 0x01000193);
      hash = Math.imul(hash ^ (v >>> 8), 0x01000193);
    }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
