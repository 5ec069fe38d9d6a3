import { concatBytes } from '../../core/bytes';
import { formatBytes } from '../ingestLimits';
import { DicomwebError } from './errors';

/**
 * Reads an HTTP answer's body without letting the server decide how much memory it takes: a declared
 * Content-Length over `maxBytes` is refused before a byte is read, and a body without one (chunked transfer,
 * RFC 9112 s.7.1) is read piece by piece and dropped as soon as it passes `maxBytes`, the connection
 * cancelled. `what` names the answer in the message ("image 1.2.3", "the study list").
 */
export async function readBodyBounded(
  response: Response,
  maxBytes: number,
  what: string,
  reason: string,
): Promise<Uint8Array> {
  const tooLarge = (bytes: string) =>
    new DicomwebError(
      'too-large',
      `The server's answer for ${what} is ${bytes}, over the ${formatBytes(maxBytes)} allowed (${reason}). Nothing of it was kept.`,
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`declared as ${formatBytes(declared)}`);
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${formatBytes(maxBytes)}`);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, true);
}

/** Text of an answer read within `maxBytes` (UTF-8, as DICOM JSON is: PS3.18 F.2). */
export async function readTextBounded(
  response: Response,
  maxBytes: number,
  what: string,
  reason: string,
): Promise<string> {
  return new TextDecoder().decode(await readBodyBounded(response, maxBytes, what, reason));
}
