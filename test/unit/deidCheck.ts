/**
 * Independent checks for de-identification tests: every element of a file (sequences included) as text,
 * read with dicom-parser and typed by dcmjs's data dictionary (not the app's profile table).
 */
import * as dcmjs from 'dcmjs';
import * as dicomParserNamespace from 'dicom-parser';
import { inflateSync } from 'fflate';

const dicomParser =
  (dicomParserNamespace as unknown as { default?: typeof dicomParserNamespace }).default ??
  dicomParserNamespace;

// dcmjs has no types: its dictionary maps "(gggg,eeee)" to { vr, name }.
type DcmjsModule = {
  data: { DicomMetaDictionary: { dictionary: Record<string, { vr?: string; name?: string }> } };
};
const dcmjsLib = ((dcmjs as unknown as { default?: DcmjsModule }).default ?? dcmjs) as unknown as DcmjsModule;
const dictionary = dcmjsLib.data.DicomMetaDictionary.dictionary;

export interface ElementText {
  tag: string;
  vr: string;
  /** The value's components (split at backslash), trimmed; binary values are not listed. */
  values: string[];
  private: boolean;
}

const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);

const dictVr = (tag: string): string => {
  const key = `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();
  return dictionary[key]?.vr ?? '';
};

/** Every element of the file, walking into every sequence item. */
export function allElements(bytes: Uint8Array): ElementText[] {
  // Deflated data sets (PS3.5 A.5) need an inflater: fflate, raw RFC 1951 after the meta header.
  const part10 = bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  const upper = (b: number | undefined) => b !== undefined && b >= 0x41 && b <= 0x5a;
  // A data set without the Part 10 header: its encoding guessed from its first element (PS3.5 7.1).
  const rawSyntax =
    bytes[0] === 0 && bytes[1] !== 0
      ? '1.2.840.10008.1.2.2'
      : upper(bytes[4]) && upper(bytes[5])
        ? '1.2.840.10008.1.2.1'
        : '1.2.840.10008.1.2';
  const ds = dicomParser.parseDicom(bytes, {
    ...(part10 ? {} : { TransferSyntaxUID: rawSyntax }),
    inflater: (whole: Uint8Array, position: number) => {
      const inflated = inflateSync(whole.subarray(position));
      const out = new Uint8Array(position + inflated.length);
      out.set(whole.subarray(0, position));
      out.set(inflated, position);
      return out;
    },
  } as unknown as dicomParserNamespace.ParseDicomOptions);
  const out: ElementText[] = [];
  const walk = (set: dicomParserNamespace.DataSet) => {
    for (const [tag, el] of Object.entries(set.elements)) {
      const group = Number.parseInt(tag.slice(1, 5), 16);
      const isPrivate = group % 2 === 1;
      if (el.items) {
        out.push({ tag, vr: 'SQ', values: [], private: isPrivate });
        for (const item of el.items) if (item.dataSet) walk(item.dataSet);
        continue;
      }
      const vr = el.vr ?? dictVr(tag);
      const text = TEXT_VRS.has(vr) && !el.hadUndefinedLength && el.length < 100000;
      const values = text
        ? (set.string(tag) ?? '')
            .split('\\')
            .map((v) => v.replace(/\0/g, '').trim())
            .filter((v) => v !== '')
        : [];
      out.push({ tag, vr, values, private: isPrivate });
    }
  };
  walk(ds);
  return out;
}

/** The attribute's name in dcmjs's dictionary (for messages). */
export const attributeName = (tag: string): string =>
  dictionary[`(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase()]?.name ?? tag;
