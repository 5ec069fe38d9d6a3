import { formatBytes, type IngestLimits } from '../ingestLimits';
import { integerString, uint16 } from './attributes';
import type { DataSet } from './dicomParserLib';
import { pixelDataTag } from './instanceFields';

/**
 * NumberOfFrames (0028,0008) x Rows x Columns against what the file really holds, checked before any
 * per-frame work (frame geometry, frame ranges) is allocated: a 5 KB header claiming 2e9 frames would
 * otherwise make 2e9 objects. Native pixel data (PS3.5 8.1.1) holds every frame's bits; encapsulated pixel
 * data (PS3.5 A.4) holds at least one fragment per frame; an object without pixel data can only describe
 * as many frames as its Per-frame Functional Groups (5200,9230) has items. Also refuses an object whose
 * decoded pixels alone would pass the memory budget (a 65535 x 65535 JPEG in a few KB).
 * @param fileBytes the file's length (more than the dataset's bytes when only its header was read)
 * @returns why the object is refused (too large, or cut short), or undefined
 */
export function declaredSizeProblem(
  dataSet: DataSet,
  limits: IngestLimits,
  fileBytes: number = dataSet.byteArray.length,
): { kind: 'too-large' | 'truncated'; message: string } | undefined {
  const tooLarge = (message: string) => ({ kind: 'too-large' as const, message });
  const frames = Math.max(1, integerString(dataSet, 'x00280008') ?? 1);
  const rows = uint16(dataSet, 'x00280010') ?? 0;
  const columns = uint16(dataSet, 'x00280011') ?? 0;
  const bitsAllocated = uint16(dataSet, 'x00280100') ?? 0;
  const samples = Math.max(1, uint16(dataSet, 'x00280002') ?? 1);
  const tag = pixelDataTag(dataSet);
  const element = tag ? dataSet.elements[tag] : undefined;
  const claim = `NumberOfFrames (0028,0008) declares ${frames} frames of ${rows} x ${columns} at ${bitsAllocated} bits`;
  if (!element) {
    const described = Math.max(1, dataSet.elements.x52009230?.items?.length ?? 0);
    if (frames <= described) return undefined;
    return tooLarge(
      `refused: ${claim} but the object has no pixel data and describes ${described} frame(s) (file ${formatBytes(fileBytes)})`,
    );
  }
  if (element.encapsulatedPixelData) {
    const fragments = element.fragments?.length ?? 0;
    if (frames > Math.max(1, fragments)) {
      return tooLarge(
        `refused: ${claim} but its encapsulated pixel data holds ${fragments} fragment(s), at least one per frame is needed (file ${formatBytes(fileBytes)})`,
      );
    }
  } else {
    // The fewest bits a frame can take (one sample per pixel): the exact test follows in frameFragments.
    const frameBits = Math.max(1, rows * columns * Math.max(1, bitsAllocated));
    const available = Math.max(0, Math.min(element.length, fileBytes - element.dataOffset));
    const declaredBytes = Math.ceil((frames * frameBits) / 8);
    if (declaredBytes > available) {
      // The element's own length covers the frames: the file was cut short, not a false claim.
      if (element.length >= declaredBytes) {
        return {
          kind: 'truncated',
          message: `ends inside its pixel data: ${frames} frame(s) of ${rows} x ${columns} need ${formatBytes(declaredBytes)}, the file holds ${formatBytes(available)} of them`,
        };
      }
      return tooLarge(
        `refused: ${claim}: ${formatBytes(declaredBytes)} of pixels, but the pixel data holds ${formatBytes(available)} (file ${formatBytes(fileBytes)})`,
      );
    }
  }
  // Decoded, every sample takes at least 2 bytes in the volume (Int16) and the decoder's frame buffer.
  const decodedBytes = frames * rows * columns * samples * Math.max(2, Math.ceil(bitsAllocated / 8));
  if (decodedBytes > limits.budgetBytes) {
    return tooLarge(
      `refused: ${claim}: decoded it needs ${formatBytes(decodedBytes)}, over the memory budget of ${formatBytes(limits.budgetBytes)} (${limits.budgetSource}); the file is ${formatBytes(fileBytes)}`,
    );
  }
  return undefined;
}
