/**
 * What the Basic Application Level Confidentiality Profile (PS3.15 E.1.1, Table E.1-1) does to one attribute,
 * with the compound codes resolved once, here, for every IOD this writer meets.
 */
import { BASIC_PROFILE_ROWS, type ProfileActionCode } from './profileTable';

/** A resolved action: remove, zero length, dummy value, new UID (U) / clean contents (sequences), keep. */
export type DeidAction = 'X' | 'Z' | 'D' | 'U' | 'K';

export interface ProfileAttribute {
  action: ProfileActionCode;
  /** PS3.6 VR, used for a dummy value when the file is implicit VR. */
  vr: string;
  name: string;
}

const BY_TAG = new Map<number, ProfileAttribute>(
  BASIC_PROFILE_ROWS.map(([tag, action, vr, name]) => [tag, { action, vr, name }]),
);

const TEXT_VALUE = 0x0040a160;

/** Private data elements (PS3.5 7.8): odd group numbers; Table E.1-1 removes them all (X). */
export const isPrivateTag = (tag: number): boolean => ((tag >>> 16) & 1) === 1;

/**
 * The profile row of a tag, including Table E.1-1's repeating groups: Curve Data (50xx,xxxx) and Overlay
 * Data / Overlay Comments (60xx,3000 / 60xx,4000), all X.
 */
export function profileAttribute(tag: number): ProfileAttribute | undefined {
  const row = BY_TAG.get(tag);
  if (row) return row;
  // Content Sequence is D: its items are kept for their structure (concept codes, relationships) but their
  // values replaced; the table lists Person Name, dates and UIDs of content items, this adds free text.
  if (tag === TEXT_VALUE) return { action: 'D', vr: 'UT', name: 'Text Value' };
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (group >= 0x5000 && group <= 0x50ff && group % 2 === 0)
    return { action: 'X', vr: 'OB', name: 'Curve Data' };
  // Overlay Data is type 1 in the Overlay Plane module (PS3.3 C.9.2): removing it removes the whole overlay.
  if (group >= 0x6000 && group <= 0x60ff && group % 2 === 0)
    return {
      action: 'X',
      vr: '',
      name:
        element === 0x3000
          ? 'Overlay Data'
          : element === 0x4000
            ? 'Overlay Comments'
            : 'Overlay Plane attributes',
    };
  return undefined;
}

const DATE_TIME_VRS = new Set(['DA', 'DT', 'TM']);

/**
 * Sequences a compound code would remove that some IOD requires present (type 2): Acquisition Context
 * Sequence (PS3.3 C.7.6.14) and Referenced Performed Procedure Step Sequence (SR Document Series, C.17.1).
 * They are written empty.
 */
const SEQUENCES_KEPT_EMPTY = new Set([0x00400555, 0x00081111]);

/**
 * One action for a compound code. Table E.1-1a lets the profile remove (X) an attribute unless the IOD needs
 * it present (Z) or present with a value (D). Not knowing every IOD's type for every attribute, this keeps
 * the attribute present whenever the code allows it, so the output conforms wherever the source did:
 * X/Z -> Z; X/D and X/Z/D -> D (Device Serial Number is type 1 in Enhanced General Equipment); Z/D -> D for
 * dates and times (type 1 in SR documents; a dummy date tells nothing), Z otherwise; X/Z/U* (referenced image
 * sequences) -> kept with every UID inside replaced (U). Sequences under a compound code are removed, except
 * the type 2 ones above (written empty). A D on a sequence (Content Sequence) keeps it and applies the
 * profile inside it.
 */
export function resolveAction(code: ProfileActionCode, vr: string, tag = 0): DeidAction {
  if (vr === 'SQ' && code !== 'X/Z/U*' && code.includes('/'))
    return SEQUENCES_KEPT_EMPTY.has(tag) ? 'Z' : 'X';
  switch (code) {
    case 'X/Z':
      return 'Z';
    case 'X/D':
    case 'X/Z/D':
      return 'D';
    case 'Z/D':
      return DATE_TIME_VRS.has(vr) ? 'D' : 'Z';
    case 'X/Z/U*':
      return 'U';
    default:
      return code;
  }
}

/** Text a dummy value is made of (non-identifying, valid for every text VR's length limit). */
export const DUMMY_TEXT = 'DEIDENTIFIED';
/** PS3.5 6.2 dummy values: a date, date-time and time that tell nothing about the patient. */
export const DUMMY_DATE = '19000101';
const DUMMY_BY_VR: Record<string, string> = {
  DA: DUMMY_DATE,
  DT: `${DUMMY_DATE}000000`,
  TM: '000000',
  DS: '0',
  IS: '0',
  AS: '000Y',
};
const TEXT_VRS = new Set(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

/**
 * A dummy value (action D) for a VR: text for text VRs, zero bytes of the original length for binary ones
 * (PS3.15 Table E.1-1a: "a non-zero length value that may be a dummy value and consistent with the VR").
 */
export function dummyValue(vr: string, originalLength: number): string | Uint8Array {
  const known = DUMMY_BY_VR[vr];
  if (known !== undefined) return known;
  if (TEXT_VRS.has(vr)) return DUMMY_TEXT;
  return new Uint8Array(Math.max(originalLength, 0));
}
