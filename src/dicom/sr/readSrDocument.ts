/**
 * Reads an SR document (PS3.3 C.17) into its header and content tree (contentTree.ts), with text decoded in
 * the document's Specific Character Set (characterSet.ts).
 * Content items of value types the tree does not model are skipped and named in `skipped`.
 */
import type { DataSet, Element } from '../parse/dicomParserLib';
import { readDataSet } from '../parse/readDataSet';
import { byteChars, textDecodingFor } from './characterSet';
import type { Code, ContentItem, RelationshipType, Scoord3dGraphicType } from './contentTree';

export interface SrEvidenceReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  instances: { sopClassUid: string; sopInstanceUid: string }[];
}

export interface SrDocument {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientName: string;
  patientId: string;
  /** PS3.3 C.17.2 Verification Flag: 'VERIFIED', 'UNVERIFIED', or '' when absent. */
  verificationFlag: string;
  /** Verifying Observer Sequence (0040,A073): who verified it, for whom, when (DT as written). */
  verifyingObservers: { name: string; organization: string; dateTime: string }[];
  /** Current Requested Procedure Evidence Sequence (0040,A375), flattened to series. */
  evidence: SrEvidenceReference[];
  root: ContentItem;
  /** Content items not read (value types outside the tree), e.g. "WAVEFORM 'ECG' under 'Findings'". */
  skipped: string[];
  /** Set when the document's character set is not read (its text is read one byte per character). */
  unsupportedCharacterSet?: string;
}

export class SrReadError extends Error {}

const MAX_CONTENT_DEPTH = 64;

type Decode = (bytes: Uint8Array) => string;

const RELATIONSHIPS: readonly RelationshipType[] = [
  'CONTAINS',
  'HAS PROPERTIES',
  'HAS CONCEPT MOD',
  'HAS OBS CONTEXT',
  'HAS ACQ CONTEXT',
  'INFERRED FROM',
  'SELECTED FROM',
];
const GRAPHIC_TYPES: readonly Scoord3dGraphicType[] = [
  'POINT',
  'MULTIPOINT',
  'POLYLINE',
  'POLYGON',
  'ELLIPSE',
  'ELLIPSOID',
];

class Reader {
  readonly skipped: string[] = [];
  constructor(private readonly decode: Decode) {}

  private bytes(ds: DataSet, tag: string): Uint8Array | undefined {
    const e: Element | undefined = ds.elements[tag];
    if (!e || e.length <= 0 || e.dataOffset + e.length > ds.byteArray.length) return undefined;
    return ds.byteArray.subarray(e.dataOffset, e.dataOffset + e.length);
  }

  /** A text value, padding removed (PS3.5 6.2: trailing spaces; UI: trailing NUL). */
  text(ds: DataSet, tag: string): string {
    const b = this.bytes(ds, tag);
    return b ? this.decode(b).replace(/[\0 ]+$/, '') : '';
  }

  /** A default-repertoire value (CS, UI, DS, DT...): ASCII, trimmed both sides. */
  ascii(ds: DataSet, tag: string): string {
    const b = this.bytes(ds, tag);
    return b ? byteChars(b).replace(/\0/g, '').trim() : '';
  }

  items(ds: DataSet, tag: string): DataSet[] {
    return (ds.elements[tag]?.items ?? []).flatMap((i) => (i.dataSet ? [i.dataSet] : []));
  }

  code(ds: DataSet | undefined): Code | undefined {
    if (!ds) return undefined;
    // Long Code Value (0008,0119) and URN Code Value (0008,0120) stand in for Code Value (PS3.3 8.8).
    const value = this.ascii(ds, 'x00080100') || this.text(ds, 'x00080119') || this.text(ds, 'x00080120');
    if (!value) return undefined;
    return { value, scheme: this.ascii(ds, 'x00080102'), meaning: this.text(ds, 'x00080104') };
  }

  private floats(ds: DataSet, tag: string): number[] {
    const e = ds.elements[tag];
    if (!e || e.dataOffset + e.length > ds.byteArray.length) return [];
    const out: number[] = [];
    for (let i = 0; i < Math.floor(e.length / 4); i++) out.push(ds.float(tag, i)!);
    return out;
  }

  private numberValue(mv: DataSet): number | undefined {
    const e = mv.elements.x0040a161;
    // Floating Point Value (FD) is exact; Numeric Value (DS) the fallback (PS3.3 C.18.1).
    if (e && e.length >= 8 && e.dataOffset + 8 <= mv.byteArray.length) return mv.double('x0040a161');
    const v = Number.parseFloat(this.ascii(mv, 'x0040a30a'));
    return Number.isFinite(v) ? v : undefined;
  }

  /** One content item (the root when `relationship` is absent); undefined when its value type is unknown. */
  item(ds: DataSet, where: string, depth = 0): ContentItem | undefined {
    // Templates nest a few levels (TID 1500: 6); a hostile file must not exhaust the stack.
    if (depth > MAX_CONTENT_DEPTH)
      throw new SrReadError(
        `the SR's content is nested deeper than ${MAX_CONTENT_DEPTH} levels under ${where}`,
      );
    const type = this.ascii(ds, 'x0040a040');
    const relationshipText = this.ascii(ds, 'x0040a010');
    const relationship = RELATIONSHIPS.find((r) => r === relationshipText);
    const concept = this.code(this.items(ds, 'x0040a043')[0]);
    const label = `${type || 'item without value type'} '${concept?.meaning ?? ''}' under ${where}`;
    const base = {
      ...(relationship ? { relationship } : {}),
      ...(concept ? { concept } : {}),
    };
    const childrenWhere = `'${concept?.meaning ?? type}'`;
    const children = this.items(ds, 'x0040a730').flatMap((c) => {
      const child = this.item(c, childrenWhere, depth + 1);
      return child ? [child] : [];
    });
    const withChildren = children.length > 0 ? { children } : {};
    let item: ContentItem | undefined;
    switch (type) {
      case 'CONTAINER': {
        const continuity = this.ascii(ds, 'x0040a050') === 'CONTINUOUS' ? 'CONTINUOUS' : 'SEPARATE';
        const template = this.items(ds, 'x0040a504')[0];
        const templateId = template ? this.ascii(template, 'x0040db00') : '';
        item = { ...base, type, continuity, ...(templateId ? { templateId } : {}) };
        break;
      }
      case 'TEXT':
        item = { ...base, type, text: this.text(ds, 'x0040a160') };
        break;
      case 'CODE': {
        const code = this.code(this.items(ds, 'x0040a168')[0]);
        if (code) item = { ...base, type, code };
        break;
      }
      case 'NUM': {
        const mv = this.items(ds, 'x0040a300')[0];
        const value = mv && this.numberValue(mv);
        const unit = mv && this.code(this.items(mv, 'x004008ea')[0]);
        if (value !== undefined && unit) item = { ...base, type, value, unit };
        break;
      }
      case 'UIDREF':
        item = { ...base, type, uid: this.ascii(ds, 'x0040a124') };
        break;
      case 'DATETIME':
        item = { ...base, type, dateTime: this.ascii(ds, 'x0040a120') };
        break;
      case 'SCOORD3D': {
        const graphicType = GRAPHIC_TYPES.find((g) => g === this.ascii(ds, 'x00700023'));
        const points = this.floats(ds, 'x00700022');
        if (graphicType && points.length > 0 && points.length % 3 === 0)
          item = { ...base, type, graphicType, points, frameOfReferenceUid: this.ascii(ds, 'x30060024') };
        break;
      }
      case 'IMAGE': {
        const ref = this.items(ds, 'x00081199')[0];
        if (ref)
          item = {
            ...base,
            type,
            sopClassUid: this.ascii(ref, 'x00081150'),
            sopInstanceUid: this.ascii(ref, 'x00081155'),
          };
        break;
      }
    }
    if (!item) {
      this.skipped.push(label);
      return undefined;
    }
    return { ...item, ...withChildren };
  }
}

/** Reads the bytes of an SR document; throws SrReadError saying what is wrong. */
export function readSrDocument(bytes: Uint8Array): SrDocument {
  const read = readDataSet(bytes);
  if (!read.ok) throw new SrReadError(`not an SR document: ${read.message}`);
  if (read.parseError) throw new SrReadError(`the SR document is damaged: ${read.parseError}`);
  const ds = read.dataSet;
  const characterSet = new Reader(byteChars).ascii(ds, 'x00080005');
  const decoding = textDecodingFor(characterSet);
  const r = new Reader(decoding.decode);
  const sopClassUid = r.ascii(ds, 'x00080016') || r.ascii(ds, 'x00020002');
  if (r.ascii(ds, 'x00080060') !== 'SR' && !sopClassUid.startsWith('1.2.840.10008.5.1.4.1.1.88.'))
    throw new SrReadError(
      `not an SR document: modality '${r.ascii(ds, 'x00080060')}', SOP class ${sopClassUid}`,
    );
  const root = r.item(ds, 'the document');
  if (root?.type !== 'CONTAINER') throw new SrReadError('the SR document has no root CONTAINER');
  const evidence: SrEvidenceReference[] = r.items(ds, 'x0040a375').flatMap((study) =>
    r.items(study, 'x00081115').map((series) => ({
      studyInstanceUid: r.ascii(study, 'x0020000d'),
      seriesInstanceUid: r.ascii(series, 'x0020000e'),
      instances: r.items(series, 'x00081199').map((i) => ({
        sopClassUid: r.ascii(i, 'x00081150'),
        sopInstanceUid: r.ascii(i, 'x00081155'),
      })),
    })),
  );
  return {
    sopClassUid,
    sopInstanceUid: r.ascii(ds, 'x00080018') || r.ascii(ds, 'x00020003'),
    studyInstanceUid: r.ascii(ds, 'x0020000d'),
    seriesInstanceUid: r.ascii(ds, 'x0020000e'),
    patientName: r.text(ds, 'x00100010'),
    patientId: r.text(ds, 'x00100020'),
    verificationFlag: r.ascii(ds, 'x0040a493'),
    verifyingObservers: r.items(ds, 'x0040a073').map((o) => ({
      name: r.text(o, 'x0040a075'),
      organization: r.text(o, 'x0040a027'),
      dateTime: r.ascii(o, 'x0040a030'),
    })),
    evidence,
    root,
    skipped: r.skipped,
    ...(decoding.unsupported ? { unsupportedCharacterSet: decoding.unsupported } : {}),
  };
}
