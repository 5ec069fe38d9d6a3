import type { DicomInstance } from '../types';
import { decimal, integerString, pixelValue, text, texts, uint16 } from './attributes';
import type { DataSet } from './dicomParserLib';
import { enhancedRescale, readFrameGeometry } from './frameGeometry';

/** Pixel data in any of its three forms (PS3.3 C.7.6.3.1.2 / C.7.6.24): integer, float, double float. */
export const PIXEL_DATA_TAGS = ['x7fe00010', 'x7fe00008', 'x7fe00009'] as const;
export type PixelDataTag = (typeof PIXEL_DATA_TAGS)[number];

/** The pixel data element that holds values (a zero-length one counts as absent). */
export function pixelDataTag(dataSet: DataSet): PixelDataTag | undefined {
  return PIXEL_DATA_TAGS.find((tag) => (dataSet.elements[tag]?.length ?? 0) > 0);
}

/** The header fields ingest needs (tags from PS3.6), with the defaults PS3.3 implies when absent. */
export function readInstance(dataSet: DataSet, path: string, transferSyntaxUid: string): DicomInstance {
  const numberOfFrames = Math.max(1, integerString(dataSet, 'x00280008') ?? 1);
  const pixelRepresentation = uint16(dataSet, 'x00280103') ?? 0;
  const bitsAllocated = uint16(dataSet, 'x00280100') ?? 0;
  const bitsStored = uint16(dataSet, 'x00280101') ?? bitsAllocated;
  const enhanced = enhancedRescale(dataSet);
  return {
    path,
    transferSyntaxUid,
    sopClassUid: text(dataSet, 'x00080016') || text(dataSet, 'x00020002'),
    sopInstanceUid: text(dataSet, 'x00080018') || text(dataSet, 'x00020003'),
    studyInstanceUid: text(dataSet, 'x0020000d'),
    seriesInstanceUid: text(dataSet, 'x0020000e'),
    frameOfReferenceUid: text(dataSet, 'x00200052'),
    modality: text(dataSet, 'x00080060'),
    seriesDescription: text(dataSet, 'x0008103e'),
    studyDescription: text(dataSet, 'x00081030'),
    seriesNumber: integerString(dataSet, 'x00200011'),
    instanceNumber: integerString(dataSet, 'x00200013'),
    acquisitionNumber: integerString(dataSet, 'x00200012'),
    imageType: texts(dataSet, 'x00080008'),
    patientName: text(dataSet, 'x00100010'),
    patientId: text(dataSet, 'x00100020'),
    studyDate: text(dataSet, 'x00080020'),
    patientPosition: text(dataSet, 'x00185100'),
    imageComments: text(dataSet, 'x00204000'),
    rows: uint16(dataSet, 'x00280010') ?? 0,
    columns: uint16(dataSet, 'x00280011') ?? 0,
    numberOfFrames,
    samplesPerPixel: uint16(dataSet, 'x00280002') ?? 1,
    photometricInterpretation: text(dataSet, 'x00280004'),
    bitsAllocated,
    bitsStored,
    highBit: uint16(dataSet, 'x00280102') ?? bitsStored - 1,
    pixelRepresentation,
    planarConfiguration: uint16(dataSet, 'x00280006') ?? 0,
    rescaleSlope: decimal(dataSet, 'x00281053') ?? enhanced?.slope ?? 1,
    rescaleIntercept: decimal(dataSet, 'x00281052') ?? enhanced?.intercept ?? 0,
    pixelPaddingValue: pixelValue(dataSet, 'x00280120', pixelRepresentation === 1),
    windowCenter: decimal(dataSet, 'x00281050'),
    windowWidth: decimal(dataSet, 'x00281051'),
    gantryTiltDeg: decimal(dataSet, 'x00181120'),
    frames: readFrameGeometry(dataSet, numberOfFrames),
    hasPixelData: pixelDataTag(dataSet) !== undefined,
  };
}
