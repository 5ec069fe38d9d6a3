/**
 * SR content items as data set elements (PS3.3 C.17.3 Document Content Macro, C.18 Content Item Macros).
 * The root's attributes go in the top-level data set; every other item is one item of its parent's
 * Content Sequence (0040,A730).
 */
import type { Code, ContentItem } from '../sr/contentTree';
import type { NestedElement } from './nested';
import { decimalString } from './values';

/** PS3.3 8.8 Code Sequence Macro: one item of a code sequence. */
export function codeItem(code: Code): NestedElement[] {
  if (code.value.length > 16) throw new Error(`code value '${code.value}' is longer than 16 characters`);
  return [
    { tag: 0x00080100, vr: 'SH', value: code.value },
    { tag: 0x00080102, vr: 'SH', value: code.scheme },
    { tag: 0x00080104, vr: 'LO', value: code.meaning.slice(0, 64) },
  ];
}

const codeSequence = (tag: number, code: Code): NestedElement => ({ tag, vr: 'SQ', items: [codeItem(code)] });

/** The value of an item by its type (PS3.3 Table C.17.3-7 and the C.18 macros). */
function valueElements(item: ContentItem): NestedElement[] {
  switch (item.type) {
    case 'CONTAINER':
      return [
        { tag: 0x0040a050, vr: 'CS', value: item.continuity ?? 'SEPARATE' },
        ...(item.templateId
          ? [
              {
                tag: 0x0040a504,
                vr: 'SQ',
                items: [
                  [
                    { tag: 0x00080105, vr: 'CS', value: 'DCMR' },
                    { tag: 0x0040db00, vr: 'CS', value: item.templateId },
                  ],
                ],
              } as NestedElement,
            ]
          : []),
      ];
    case 'TEXT':
      return [{ tag: 0x0040a160, vr: 'UT', value: item.text }];
    case 'CODE':
      return [codeSequence(0x0040a168, item.code)];
    case 'NUM':
      if (!Number.isFinite(item.value))
        throw new Error(`NUM ${item.concept?.meaning}: ${item.value} is not finite`);
      return [
        {
          tag: 0x0040a300,
          vr: 'SQ',
          items: [
            [
              codeSequence(0x004008ea, item.unit),
              { tag: 0x0040a30a, vr: 'DS', value: decimalString(item.value) },
              // PS3.3 C.18.1: Floating Point Value carries the value exactly (DS keeps 16 characters).
              { tag: 0x0040a161, vr: 'FD', value: [item.value] },
            ],
          ],
        },
      ];
    case 'UIDREF':
      return [{ tag: 0x0040a124, vr: 'UI', value: item.uid }];
    case 'DATETIME':
      return [{ tag: 0x0040a120, vr: 'DT', value: item.dateTime }];
    case 'SCOORD3D':
      if (item.points.length === 0 || item.points.length % 3 !== 0 || !item.points.every(Number.isFinite))
        throw new Error(`SCOORD3D ${item.concept?.meaning}: expected x, y, z triplets of finite numbers`);
      return [
        { tag: 0x00700022, vr: 'FL', value: item.points },
        { tag: 0x00700023, vr: 'CS', value: item.graphicType },
        { tag: 0x30060024, vr: 'UI', value: item.frameOfReferenceUid },
      ];
    case 'IMAGE':
      return [
        {
          tag: 0x00081199,
          vr: 'SQ',
          items: [
            [
              { tag: 0x00081150, vr: 'UI', value: item.sopClassUid },
              { tag: 0x00081155, vr: 'UI', value: item.sopInstanceUid },
            ],
          ],
        },
      ];
  }
}

/**
 * The elements of one content item: value type, concept name, value, and its children's Content Sequence.
 * For the root (no relationship) these are the document's top-level content attributes.
 */
export function contentItemElements(item: ContentItem): NestedElement[] {
  const out: NestedElement[] = [{ tag: 0x0040a040, vr: 'CS', value: item.type }, ...valueElements(item)];
  if (item.relationship) out.push({ tag: 0x0040a010, vr: 'CS', value: item.relationship });
  if (item.concept) out.push(codeSequence(0x0040a043, item.concept));
  if (item.children && item.children.length > 0) {
    for (const child of item.children)
      if (!child.relationship) throw new Error(`child of ${item.concept?.meaning} has no relationship type`);
    out.push({ tag: 0x0040a730, vr: 'SQ', items: item.children.map(contentItemElements) });
  }
  return out;
}
