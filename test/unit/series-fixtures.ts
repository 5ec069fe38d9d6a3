import type { Vec3 } from '../../src/core/vec3';
import type { DicomInstance, FrameGeometry } from '../../src/dicom/types';

/** A plausible axial CT slice header; override what a test is about. */
export function ctInstance(overrides: Partial<DicomInstance> & { ipp?: Vec3 } = {}): {
  instance: DicomInstance;
} {
  const { ipp = [0, 0, 0], ...rest } = overrides;
  const geometry: FrameGeometry = {
    imagePositionPatient: ipp,
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    pixelSpacing: [0.5, 0.5],
    sliceThicknessMm: 1,
  };
  const instance: DicomInstance = {
    path: `file-${ipp.join('_')}`,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    sopInstanceUid: `1.2.3.${ipp.join('.')}`,
    studyInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.4',
    frameOfReferenceUid: '1.2.3.5',
    modality: 'CT',
    seriesDescription: 'test',
    studyDescription: '',
    seriesNumber: 1,
    instanceNumber: 1,
    acquisitionNumber: 1,
    imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    patientName: '',
    patientId: '',
    studyDate: '',
    patientPosition: 'HFS',
    rows: 4,
    columns: 3,
    numberOfFrames: 1,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 12,
    highBit: 11,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    pixelPaddingValue: undefined,
    windowCenter: 40,
    windowWidth: 400,
    gantryTiltDeg: undefined,
    frames: [geometry],
    hasPixelData: true,
    ...rest,
  };
  return { instance };
}

/** A stack of axial slices at the given z positions (mm), each its own file. */
export const axialStack = (zs: readonly number[], overrides: Partial<DicomInstance> = {}) =>
  zs.map((z, n) => ctInstance({ ipp: [-100, -120, z], instanceNumber: n + 1, ...overrides }));

/** Seeded shuffle (xorshift) so shuffled-order tests are reproducible. */
export function shuffled<T>(items: readonly T[], seed = 12345): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
