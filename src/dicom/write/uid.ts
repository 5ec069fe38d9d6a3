/**
 * Deterministic DICOM UIDs under the "2.25" root (PS3.5 B.2: a UUID written as one decimal integer).
 * The 128-bit number is a hash of a seed and a purpose string, so the same demo always gets the same UIDs
 * and different seeds/purposes never collide in practice.
 */

/** cyrb128: four 32-bit lanes of a fast non-cryptographic string hash (public domain, bryc). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A "2.25.<decimal>" UID (at most 44 characters, within the 64-character UI limit of PS3.5 9.1). */
export function uidFromSeed(seed: number, purpose: string): string {
  const lanes = hash128(`${seed}|${purpose}`);
  let value = 0n;
  for (const lane of lanes) value = (value << 32n) | BigInt(lane);
  // PS3.5 B.2: the UUID's integer value, no leading zeros; a zero value cannot happen in practice.
  return `2.25.${value.toString(10)}`;
}
