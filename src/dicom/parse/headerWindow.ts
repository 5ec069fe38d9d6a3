import { ByteBudget, ingestLimits } from '../ingestLimits';
import {
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
} from '../transferSyntaxes';
import { dicomParser } from './dicomParserLib';
import { readDataSet } from './readDataSet';

/** The first bytes read of a file before deciding how to read the rest (the CT headers here are 2-3 KB; with private sequences 10-30 KB). */
export const HEADER_WINDOW_BYTES = 16 * 1024;
/** A header that does not fit is read again with a window this many times larger. */
export const HEADER_WINDOW_GROWTH = 4;

/**
 * What the first bytes of a file (`head`, a window read from its start) say about reading it header first:
 * - 'header': a Part 10 file in a native transfer syntax whose top-level Pixel Data (7FE0,0010) element
 *   header lies in the window and whose pixel data runs to the end of the file (or past it: cut short).
 *   Parsing `headerBytes` bytes with the file's length (parseDicom with the file) gives exactly what
 *   parsing the whole file gives; the frames are read from the file afterwards.
 * - 'more': the window ends before the Pixel Data element (or the header does not read yet): read a
 *   larger window.
 * - 'whole': read the whole file as before: not Part 10, a compressed or deflated transfer syntax,
 *   encapsulated or undefined-length pixel data, or elements after the pixel data.
 */
export type HeaderWindowVerdict =
  | { kind: 'header'; headerBytes: number }
  | { kind: 'more' }
  | { kind: 'whole' };

/**
 * The transfer syntaxes whose pixel data is one native run after the header (PS3.5 A.1, A.2, A.3): their
 * frames are plain byte ranges of the file. Deflate (A.5) compresses the dataset itself, so it needs it
 * whole; encapsulated syntaxes (A.4) are read whole as before.
 */
const NATIVE_SYNTAXES = new Set([
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
]);

/** PS3.10 7.1: 128-byte preamble, then 'DICM'. */
const hasDicmPrefix = (b: Uint8Array) =>
  b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;

/**
 * Why header first is exact: elements follow each other in the file (PS3.5 7.1), so when the top-level
 * Pixel Data element's header has been read inside the window `head`, every element before it (the whole header,
 * sequences included) was read from the window's bytes, which are the file's. dicom-parser skips a
 * defined-length value without reading it, so the pixel values are never needed; the sizes checked
 * against the file (declaredSize.ts, frameFragments.ts) are given the file's length. A file with elements
 * after its pixel data (trailing padding, out-of-order tags) is read whole so that nothing read today is
 * left unread.
 */
export function headerWindowVerdict(head: Uint8Array, fileLength: number): HeaderWindowVerdict {
  if (head.length >= fileLength || !hasDicmPrefix(head)) return { kind: 'whole' };
  let syntax: string | undefined;
  try {
    const meta = dicomParser.readPart10Header(head);
    syntax = meta.string('x00020010');
    // Its group length (PS3.10 7.1) says where the meta header ends: past the window, read more.
    const groupLength = meta.elements.x00020000;
    const end = groupLength?.length === 4 ? groupLength.dataOffset + 4 + (meta.uint32('x00020000') ?? 0) : 0;
    if (end > head.length || (syntax === undefined && groupLength === undefined)) return { kind: 'more' };
  } catch {
    // The meta header runs past the window (or is broken: the whole read names it).
    return { kind: 'more' };
  }
  if (syntax === undefined || !NATIVE_SYNTAXES.has(syntax.trim())) return { kind: 'whole' };
  // A throwaway budget: nothing is inflated for these syntaxes; the open's budget holds the file's size.
  const read = readDataSet(head, new ByteBudget(ingestLimits()), fileLength);
  if (!read.ok) return { kind: 'more' };
  const pixels = read.dataSet.elements.x7fe00010;
  if (!pixels) return { kind: 'more' };
  if (pixels.encapsulatedPixelData || pixels.hadUndefinedLength || pixels.items) return { kind: 'whole' };
  if (pixels.dataOffset > head.length || pixels.dataOffset + pixels.length < fileLength) {
    return { kind: 'whole' };
  }
  // Four bytes past the element header: dicom-parser peeks there in implicit VR (is it a sequence?), and
  // the header read later must see what the window saw.
  return { kind: 'header', headerBytes: Math.min(head.length, pixels.dataOffset + 4) };
}
