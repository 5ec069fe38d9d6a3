/**
 * Transfer syntaxes (PS3.6 Annex A, registry of UIDs; PS3.5 section 10 and Annex A) and how this app
 * decodes each. `codec` names the decoder family in src/dicom/decode; undefined = not decodable here.
 */
export type PixelCodec =
  | 'native'
  | 'deflated-frame'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k';

interface TransferSyntaxInfo {
  name: string;
  codec?: PixelCodec;
  /** Dataset is big endian (PS3.5 A.3, retired). */
  bigEndian?: boolean;
  /** Dataset is explicit VR (every syntax except Implicit VR Little Endian). */
  implicitVr?: boolean;
  /** Lossy by definition, so decoded values may differ from the original. */
  lossy?: boolean;
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

const TABLE: Record<string, TransferSyntaxInfo> = {
  [IMPLICIT_VR_LITTLE_ENDIAN]: { name: 'Implicit VR Little Endian', codec: 'native', implicitVr: true },
  [EXPLICIT_VR_LITTLE_ENDIAN]: { name: 'Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.98': { name: 'Encapsulated Uncompressed Explicit VR Little Endian' },
  [DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN]: { name: 'Deflated Explicit VR Little Endian', codec: 'native' },
  [EXPLICIT_VR_BIG_ENDIAN]: { name: 'Explicit VR Big Endian (Retired)', codec: 'native', bigEndian: true },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', codec: 'jpeg-baseline', lossy: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', lossy: true },
  '1.2.840.10008.1.2.4.52': { name: 'JPEG Extended (Process 3 & 5) (Retired)', lossy: true },
  '1.2.840.10008.1.2.4.53': {
    name: 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)',
    lossy: true,
  },
  '1.2.840.10008.1.2.4.54': {
    name: 'JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (Retired)',
    lossy: true,
  },
  '1.2.840.10008.1.2.4.55': {
    name: 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)',
    lossy: true,
  },
  '1.2.840.10008.1.2.4.56': {
    name: 'JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (Retired)',
    lossy: true,
  },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', codec: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.58': { name: 'JPEG Lossless, Non-Hierarchical (Process 15) (Retired)' },
  '1.2.840.10008.1.2.4.70': {
    name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    codec: 'jpeg-lossless',
  },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless Image Compression', codec: 'jpeg-ls' },
  '1.2.840.10008.1.2.4.81': {
    name: 'JPEG-LS Lossy (Near-Lossless) Image Compression',
    codec: 'jpeg-ls',
    lossy: true,
  },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Image Compression (Lossless Only)', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000 Image Compression', codec: 'jpeg2000', lossy: true },
  '1.2.840.10008.1.2.4.92': { name: 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)' },
  '1.2.840.10008.1.2.4.93': { name: 'JPEG 2000 Part 2 Multi-component Image Compression', lossy: true },
  '1.2.840.10008.1.2.4.94': { name: 'JPIP Referenced' },
  '1.2.840.10008.1.2.4.95': { name: 'JPIP Referenced Deflate' },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 Main Profile / Main Level', lossy: true },
  '1.2.840.10008.1.2.4.101': { name: 'MPEG2 Main Profile / High Level', lossy: true },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', lossy: true },
  '1.2.840.10008.1.2.4.103': { name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', lossy: true },
  '1.2.840.10008.1.2.4.110': { name: 'JPEG XL Lossless' },
  '1.2.840.10008.1.2.4.111': { name: 'JPEG XL JPEG Recompression' },
  '1.2.840.10008.1.2.4.112': { name: 'JPEG XL', lossy: true },
  '1.2.840.10008.1.2.4.201': {
    name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
    codec: 'htj2k',
  },
  '1.2.840.10008.1.2.4.202': {
    name: 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
    codec: 'htj2k',
  },
  '1.2.840.10008.1.2.4.203': {
    name: 'High-Throughput JPEG 2000 Image Compression',
    codec: 'htj2k',
    lossy: true,
  },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle' },
  '1.2.840.10008.1.2.8.1': { name: 'Deflated Image Frame Compression', codec: 'deflated-frame' },
};

/** The registered name of a transfer syntax, e.g. 'JPEG 2000 Image Compression (Lossless Only)'. */
export function transferSyntaxName(uid: string): string {
  return TABLE[uid]?.name ?? (uid === '' ? 'no transfer syntax' : 'unknown transfer syntax');
}

/** "Name (UID)" for messages. */
export function describeTransferSyntax(uid: string): string {
  return `${transferSyntaxName(uid)} (${uid || 'none'})`;
}

/** Which decoder family handles this syntax's pixel data, or undefined if none here does. */
export function pixelCodecFor(uid: string): PixelCodec | undefined {
  return TABLE[uid]?.codec;
}

export function isBigEndianSyntax(uid: string): boolean {
  return TABLE[uid]?.bigEndian === true;
}

/** Pixel data of these syntaxes is encapsulated in fragments (PS3.5 A.4); the others are native. */
export function isEncapsulatedSyntax(uid: string): boolean {
  const info = TABLE[uid];
  if (!info) return true;
  return info.codec !== 'native';
}
