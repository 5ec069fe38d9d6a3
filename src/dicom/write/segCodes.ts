import type { CodedConcept } from './basicTextSr';

/**
 * Coded descriptions of the no-go structures a Segmentation carries (PS3.3 C.8.20.2: Segmented Property
 * Category, Type and Type Modifier). Category from CID 7150; types from SNOMED CT where a concept exists
 * (PS3.16 CID 7166 / 7151), otherwise a local code (PS3.16 8.1: a "99" scheme is private to its maker),
 * which other viewers show by its meaning.
 */

/** SCT 91723000 "Anatomical Structure" (CID 7150). */
export const CATEGORY_ANATOMICAL_STRUCTURE: CodedConcept = {
  value: '91723000',
  scheme: 'SCT',
  meaning: 'Anatomical Structure',
};

/** The local scheme of this app's own concepts. */
export const SPINEPLAN_SCHEME = '99SPINEPLAN';

/** What a segment depicts, as the app knows it: painted by the user, or one kind of automatic structure. */
export type SegmentKind = 'painted' | 'thecal-sac' | 'nerve-root' | 'aorta' | 'ivc' | 'kidney';
export type SegmentSide = 'left' | 'right';

const TYPES: Record<SegmentKind, CodedConcept> = {
  painted: { value: 'NO-GO-REGION', scheme: SPINEPLAN_SCHEME, meaning: 'No-go region (painted)' },
  'thecal-sac': { value: 'THECAL-SAC', scheme: SPINEPLAN_SCHEME, meaning: 'Thecal sac' },
  'nerve-root': { value: 'NERVE-ROOT', scheme: SPINEPLAN_SCHEME, meaning: 'Spinal nerve root corridor' },
  aorta: { value: '15825003', scheme: 'SCT', meaning: 'Aorta' },
  ivc: { value: '64131007', scheme: 'SCT', meaning: 'Inferior vena cava' },
  kidney: { value: '64033007', scheme: 'SCT', meaning: 'Kidney' },
};

/** Laterality modifiers (SCT, PS3.16 CID 244). */
const SIDES: Record<SegmentSide, CodedConcept> = {
  left: { value: '7771000', scheme: 'SCT', meaning: 'Left' },
  right: { value: '24028007', scheme: 'SCT', meaning: 'Right' },
};

export interface SegmentCodes {
  category: CodedConcept;
  type: CodedConcept;
  typeModifier?: CodedConcept;
}

export function segmentCodes(kind: SegmentKind, side?: SegmentSide): SegmentCodes {
  const codes: SegmentCodes = { category: CATEGORY_ANATOMICAL_STRUCTURE, type: TYPES[kind] };
  if (side) codes.typeModifier = SIDES[side];
  return codes;
}

/** The kind and side a segment's codes stand for (the inverse of segmentCodes); undefined when foreign. */
export function kindOfCodes(
  type: CodedConcept | undefined,
  modifier: CodedConcept | undefined,
): { kind: SegmentKind; side?: SegmentSide } | undefined {
  if (!type) return undefined;
  const kind = (Object.keys(TYPES) as SegmentKind[]).find(
    (k) => TYPES[k].value === type.value && TYPES[k].scheme === type.scheme,
  );
  if (!kind) return undefined;
  const side = (Object.keys(SIDES) as SegmentSide[]).find(
    (s) => SIDES[s].value === modifier?.value && SIDES[s].scheme === modifier?.scheme,
  );
  return side ? { kind, side } : { kind };
}
