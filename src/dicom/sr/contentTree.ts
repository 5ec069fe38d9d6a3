/**
 * A DICOM Structured Report content tree (PS3.3 C.17.3), as plain data: what the SR writer encodes and the
 * SR reader gives back. Only the value types a Comprehensive 3D SR needs here (PS3.3 Table C.17.3-7).
 */

/** A coded concept (PS3.3 8.8 Code Sequence Macro). Code values are at most 16 characters (SH). */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/** PS3.3 C.17.3.2.4: how a child relates to its parent. */
export type RelationshipType =
  | 'CONTAINS'
  | 'HAS PROPERTIES'
  | 'HAS CONCEPT MOD'
  | 'HAS OBS CONTEXT'
  | 'HAS ACQ CONTEXT'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

/** PS3.3 C.18.9.1.2 Graphic Type of a SCOORD3D (coordinates in a frame of reference, mm). */
export type Scoord3dGraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE' | 'ELLIPSOID';

interface ItemBase {
  /** Absent only on the root. */
  relationship?: RelationshipType;
  /** Concept Name (required on the root, CONTAINERs and most other items, PS3.3 C.17.3.2.1). */
  concept?: Code;
  children?: ContentItem[];
}

export type ContentItem =
  | (ItemBase & {
      type: 'CONTAINER';
      /** PS3.3 C.18.8 Continuity of Content (SEPARATE unless told). */
      continuity?: 'SEPARATE' | 'CONTINUOUS';
      /** Template the container follows (PS3.3 C.18.8.1 Content Template Sequence, DCMR), e.g. '1500'. */
      templateId?: string;
    })
  | (ItemBase & { type: 'TEXT'; text: string })
  | (ItemBase & { type: 'CODE'; code: Code })
  /** PS3.3 C.18.1: written as Numeric Value (DS) and, exactly, as Floating Point Value (FD). */
  | (ItemBase & { type: 'NUM'; value: number; unit: Code })
  | (ItemBase & { type: 'UIDREF'; uid: string })
  /** DT value (PS3.5 6.2), e.g. '20261207011530.123000+0000'. */
  | (ItemBase & { type: 'DATETIME'; dateTime: string })
  /**
   * PS3.3 C.18.9: points in the frame of reference, flattened x, y, z, ...; stored as 32-bit floats (FL,
   * Graphic Data), so a value reads back as Math.fround of what was written.
   */
  | (ItemBase & {
      type: 'SCOORD3D';
      graphicType: Scoord3dGraphicType;
      points: number[];
      frameOfReferenceUid: string;
    })
  | (ItemBase & { type: 'IMAGE'; sopClassUid: string; sopInstanceUid: string });

export type ValueType = ContentItem['type'];

/** Same concept: same code value and scheme (the meaning is display text, PS3.3 8.8). */
export const sameCode = (a: Code | undefined, b: Code): boolean =>
  a !== undefined && a.value === b.value && a.scheme === b.scheme;

/** The direct children of `item` with concept `concept` (and type, when given). */
export function childrenNamed<T extends ValueType>(
  item: ContentItem,
  concept: Code,
  type?: T,
): Extract<ContentItem, { type: T }>[] {
  return (item.children ?? []).filter(
    (c): c is Extract<ContentItem, { type: T }> => sameCode(c.concept, concept) && (!type || c.type === type),
  );
}

/** The first direct child of `item` with concept `concept` (and type, when given). */
export const childNamed = <T extends ValueType>(
  item: ContentItem,
  concept: Code,
  type?: T,
): Extract<ContentItem, { type: T }> | undefined => childrenNamed(item, concept, type)[0];
