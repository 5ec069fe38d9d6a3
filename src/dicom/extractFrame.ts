import type { ParsedDicom } from './types';

/**
 * A self-contained copy of one frame's encoded bytes, to send to a decode worker without shipping the
 * whole file (a multi-frame file can be hundreds of MB). The copy's buffer can be transferred.
 */
export function extractFrame(parsed: ParsedDicom, frameIndex: number): ParsedDicom {
  const fragments = parsed.frameFragments[frameIndex];
  if (!fragments) throw new Error(`${parsed.instance.path}: frame ${frameIndex + 1} does not exist`);
  const total = fragments.reduce((sum, f) => sum + f.length, 0);
  const bytes = new Uint8Array(total);
  const relocated: { offset: number; length: number }[] = [];
  let at = 0;
  for (const f of fragments) {
    bytes.set(parsed.bytes.subarray(f.offset, f.offset + f.length), at);
    relocated.push({ offset: at, length: f.length });
    at += f.length;
  }
  return { instance: parsed.instance, bytes, frameFragments: [relocated] };
}
