import type { DataSet, Element } from './dicomParserLib';

/** Present, non-empty, and inside the bytes (a corrupt length must not make a read run off the end). */
function readable(dataSet: DataSet, tag: string, minLength = 1): Element | undefined {
  const element = dataSet.elements[tag];
  if (!element || element.length < minLength) return undefined;
  return element.dataOffset + element.length <= dataSet.byteArray.length ? element : undefined;
}

/**
 * Typed reads of attributes by tag ('xGGGGEEEE'). dicom-parser returns NaN for empty or malformed
 * numeric strings (DS/IS, PS3.5 6.2); these helpers turn that into undefined.
 */
export function text(dataSet: DataSet, tag: string, index?: number): string {
  if (!readable(dataSet, tag)) return '';
  return (dataSet.string(tag, index) ?? '').trim();
}

export function texts(dataSet: DataSet, tag: string): string[] {
  const all = text(dataSet, tag);
  return all === '' ? [] : all.split('\\').map((s) => s.trim());
}

/** A DS or IS value: first value of a multi-valued string (e.g. WindowCenter "-0450\-0450"). */
export function decimal(dataSet: DataSet, tag: string, index = 0): number | undefined {
  if (!readable(dataSet, tag)) return undefined;
  const value = Number.parseFloat(dataSet.string(tag, index) ?? '');
  return Number.isFinite(value) ? value : undefined;
}

/** An IS value; tolerates junk after the digits as parseInt does ("1A" reads as 1). */
export function integerString(dataSet: DataSet, tag: string): number | undefined {
  if (!readable(dataSet, tag)) return undefined;
  const value = Number.parseInt(dataSet.string(tag) ?? '', 10);
  return Number.isFinite(value) ? value : undefined;
}

/** A US value (binary, so VR-independent even in implicit VR). */
export function uint16(dataSet: DataSet, tag: string): number | undefined {
  if (!readable(dataSet, tag, 2)) return undefined;
  return dataSet.uint16(tag);
}

/** US or SS, chosen by PixelRepresentation as PS3.3 C.7.5.1.1.2 specifies for padding values. */
export function pixelValue(dataSet: DataSet, tag: string, signed: boolean): number | undefined {
  if (!readable(dataSet, tag, 2)) return undefined;
  return signed ? dataSet.int16(tag) : dataSet.uint16(tag);
}

/** `count` DS values, or undefined unless all are present and finite. */
export function decimals(dataSet: DataSet, tag: string, count: number): number[] | undefined {
  if (!readable(dataSet, tag)) return undefined;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = decimal(dataSet, tag, i);
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

/** The first item of a sequence, or undefined. */
export function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}
