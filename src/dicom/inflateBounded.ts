import { Inflate } from 'fflate';
import { concatBytes } from '../core/bytes';
import { errorMessage } from '../core/errors';

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; overCap: true; producedBytes: number }
  | { ok: false; overCap: false; producedBytes: number; error: string };

/**
 * Input pushed per step: raw deflate (RFC 1951) expands at most ~1032:1, so one step makes <= ~16 MB
 * before the cap is looked at again.
 */
const CHUNK_BYTES = 16 * 1024;

class OverCap extends Error {}

/**
 * Inflates raw deflate data (RFC 1951: zip method 8, Deflated Explicit VR Little Endian PS3.5 A.5) in
 * small steps, stopping as soon as the output passes `capBytes`: a bomb costs at most the cap plus one
 * step, never its full inflated size. With `exactBytes` (a zip entry's declared size) the output goes
 * straight into one buffer of that size, and any byte past it stops the stream.
 * @param options.prefix bytes put before the output in the one buffer returned (no second copy)
 * @param options.onInflated told the bytes produced after each step (work accounting for tests and progress)
 */
export function inflateBounded(
  compressed: Uint8Array,
  capBytes: number,
  options: { exactBytes?: number; prefix?: Uint8Array; onInflated?: (bytes: number) => void } = {},
): InflateResult {
  const exact = options.exactBytes;
  const limit = exact ?? capBytes;
  if (exact !== undefined && options.prefix)
    throw new Error('inflateBounded: prefix is for unknown sizes only');
  const target = exact === undefined ? undefined : new Uint8Array(exact);
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((data) => {
    produced += data.length;
    options.onInflated?.(data.length);
    if (produced > limit) throw new OverCap();
    if (target) target.set(data, produced - data.length);
    else chunks.push(data);
  });
  try {
    for (let at = 0; at < compressed.length; at += CHUNK_BYTES) {
      const end = Math.min(compressed.length, at + CHUNK_BYTES);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
    }
    if (compressed.length === 0) inflater.push(compressed, true);
  } catch (thrown) {
    if (thrown instanceof OverCap) return { ok: false, overCap: true, producedBytes: produced };
    return { ok: false, overCap: false, producedBytes: produced, error: errorMessage(thrown) };
  }
  if (target) {
    if (produced !== exact) {
      return {
        ok: false,
        overCap: false,
        producedBytes: produced,
        error: `inflates to ${produced} bytes, not the ${exact} declared`,
      };
    }
    return { ok: true, bytes: target };
  }
  const prefix = options.prefix ?? new Uint8Array(0);
  return { ok: true, bytes: concatBytes([prefix, ...chunks]) };
}
