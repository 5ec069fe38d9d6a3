/**
 * multipart/related bodies (RFC 2387) as WADO-RS answers and STOW-RS requests use them (PS3.18 8.6.1.2,
 * 10.5.1). Parsing works on bytes: DICOM parts are binary, so the body is never decoded as text.
 */
import { concatBytes } from '../../core/bytes';

const CRLF = Uint8Array.of(13, 10);
const ascii = (text: string) => new TextEncoder().encode(text);

/** The boundary parameter of a Content-Type header; undefined when it is not multipart. */
export function boundaryOf(contentType: string): string | undefined {
  if (!/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const last = haystack.length - needle.length;
  const head = needle[0];
  outer: for (let i = from; i <= last; i++) {
    if (haystack[i] !== head) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export interface BodyPart {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Splits a multipart body into its parts (headers lower-cased). Throws when the boundary never occurs. */
export function parseMultipart(body: Uint8Array, boundary: string): BodyPart[] {
  const delimiter = ascii(`--${boundary}`);
  const parts: BodyPart[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new Error('multipart body without its boundary');
  while (at >= 0) {
    let start = at + delimiter.length;
    // "--" after a delimiter closes the body (RFC 2046 5.1.1).
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    const next = indexOf(body, ascii(`\r\n--${boundary}`), start);
    if (next < 0) throw new Error('multipart body ends inside a part (truncated answer)');
    if (body[start] === 13 && body[start + 1] === 10) start += 2;
    const headerEnd = indexOf(body, ascii('\r\n\r\n'), start);
    const headers: Record<string, string> = {};
    let contentStart = start;
    if (headerEnd >= 0 && headerEnd < next) {
      for (const line of new TextDecoder().decode(body.subarray(start, headerEnd)).split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      contentStart = headerEnd + 4;
    }
    parts.push({ headers, body: body.subarray(contentStart, next) });
    at = next + 2;
  }
  return parts;
}

/** Builds a multipart/related body of DICOM Part 10 files for STOW-RS; returns it and its Content-Type. */
export function buildMultipart(
  files: readonly Uint8Array[],
  partType = 'application/dicom',
): { body: Uint8Array; contentType: string } {
  const boundary = `spineplan-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const chunks: Uint8Array[] = [];
  for (const file of files) {
    chunks.push(ascii(`--${boundary}\r\nContent-Type: ${partType}\r\n\r\n`), file, CRLF);
  }
  chunks.push(ascii(`--${boundary}--\r\n`));
  return {
    body: concatBytes(chunks),
    contentType: `multipart/related; type="${partType}"; boundary=${boundary}`,
  };
}
