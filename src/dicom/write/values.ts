/** Values the Part 10 writers share. */

/** CT Image Storage SOP class (PS3.4 B.5). */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
/** MR Image Storage SOP class (PS3.4 B.5). */
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** A number as a DS value: at most 16 characters (PS3.5 6.2), float noise trimmed. */
export function decimalString(v: number): string {
  const text = String(Number(v.toPrecision(10)));
  return text.length <= 16 ? text : v.toExponential(8);
}
