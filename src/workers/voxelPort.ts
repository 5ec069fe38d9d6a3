/**
 * A volume's voxels sent to a worker in pieces over a MessageChannel (issue 20): postMessage of one typed
 * array copies it whole, synchronously, on the sending thread (HTML structured clone), which for a 632 MB
 * volume held the page for seconds. Here the page copies ~4 MB at a time and transfers each copy, letting
 * the page run between pieces; the worker assembles them into its own array. A volume in a
 * SharedArrayBuffer is sent once, shared, without a copy.
 */

import { isSharedVoxels } from '../volume/voxelStorage';

/** Voxels per piece: 2 M Int16 = 4 MB, a few ms to copy. */
export const VOXELS_PER_PIECE = 1 << 21;

type Piece = { offset: number; voxels: Int16Array } | { shared: Int16Array };

/** Page side: sends `data` through `port` piece by piece, yielding between pieces. */
export async function sendVoxels(
  port: MessagePort,
  data: Int16Array,
  signal?: AbortSignal,
  yieldToPage: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
  voxelsPerPiece = VOXELS_PER_PIECE,
): Promise<void> {
  try {
    if (isSharedVoxels(data)) {
      port.postMessage({ shared: data } satisfies Piece);
      return;
    }
    for (let offset = 0; offset < data.length; offset += voxelsPerPiece) {
      if (signal?.aborted) return;
      const voxels = data.slice(offset, Math.min(data.length, offset + voxelsPerPiece));
      port.postMessage({ offset, voxels } satisfies Piece, [voxels.buffer]);
      await yieldToPage();
    }
  } finally {
    port.close();
  }
}

/** Worker side: the `length` voxels sent by sendVoxels, in one array. */
export function receiveVoxels(port: MessagePort, length: number): Promise<Int16Array> {
  return new Promise((resolve) => {
    let data: Int16Array | null = null;
    let received = 0;
    port.onmessage = (event: MessageEvent) => {
      const piece = event.data as Piece;
      if ('shared' in piece) {
        port.close();
        resolve(piece.shared);
        return;
      }
      data ??= new Int16Array(length);
      data.set(piece.voxels, piece.offset);
      received += piece.voxels.length;
      if (received >= length) {
        port.close();
        resolve(data);
      }
    };
    if (length === 0) resolve(new Int16Array(0));
  });
}
