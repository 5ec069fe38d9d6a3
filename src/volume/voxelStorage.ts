/**
 * Where a volume's Int16 voxels live. In a cross-origin isolated page and its workers (HTML "cross-origin
 * isolated capability") they are put in a SharedArrayBuffer: the ingest worker hands the page the volume
 * without a transfer, and the spine analysis, bone surface and print workers read the page's voxels in
 * place instead of each holding a copy (issue 20: the analysis' copy was 1.0x raw on top of the page's
 * volume at the open's peak). Elsewhere (Node, tests, a page served without isolation) a plain
 * ArrayBuffer, as before. Workers given shared voxels only read them.
 */

/** True where SharedArrayBuffer exists and may be posted to workers. */
export function canShareVoxels(): boolean {
  return (
    typeof SharedArrayBuffer !== 'undefined' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true
  );
}

/** `length` zeroed Int16 voxels, shared when `shared` (default: wherever the context allows it). */
export function allocateVoxels(length: number, shared = canShareVoxels()): Int16Array {
  return shared ? new Int16Array(new SharedArrayBuffer(length * 2)) : new Int16Array(length);
}

/** True when these voxels are in shared memory (they cannot be transferred or detached). */
export function isSharedVoxels(data: Int16Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer;
}
