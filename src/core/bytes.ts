/** The chunks' bytes one after another in one new array (no copy when there is a single chunk and `reuseSingle`). */
export function concatBytes(chunks: readonly Uint8Array[], reuseSingle = false): Uint8Array {
  if (reuseSingle && chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
