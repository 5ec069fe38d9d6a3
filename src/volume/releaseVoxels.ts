import type { Volume } from './volume';

/**
 * Frees a closed volume's voxels at once, whatever still points at the Volume object: its ArrayBuffer is
 * transferred into a clone that is dropped on the spot (HTML structured clone, "transfer" detaches the
 * source), leaving `data` empty (length 0). Libraries keep stale references after a close (a frame loop's
 * last subscriber, React's previous render of a component), and each would keep the patient's whole image
 * otherwise (issue 24). Only for a volume nothing will read again. Shared memory cannot be detached and is
 * left to the garbage collector.
 */
export function releaseVoxels(volume: Pick<Volume, 'data'>): void {
  const buffer = volume.data.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  structuredClone(buffer, { transfer: [buffer] });
}
