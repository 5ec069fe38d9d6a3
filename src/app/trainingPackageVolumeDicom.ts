import { transformPoint } from '../core/mat4';
import { length, type Vec3 } from '../core/vec3';
import { type DicomElement, writePart10 } from '../dicom/write/part10';
import { uidFromSeed } from '../dicom/write/uid';
import { CT_IMAGE_STORAGE, decimalString as ds, MR_IMAGE_STORAGE } from '../dicom/write/values';
import type { PackageFile } from '../training/package';
import type { Volume } from '../volume/volume';

/**
 * A volume as a DICOM series, for a training package when the original files are no longer at hand: one
 * Part 10 file per k-slice (explicit VR little endian), signed 16-bit stored values with the volume's
 * rescale, geometry from `ijkToLps` (PS3.3 C.7.6.2.1.1: IPP = the slice's first voxel, IOP = the i and j
 * directions, PixelSpacing = [row spacing (along j), column spacing (along i)]). A shear (gantry tilt) is
 * kept: each slice's IPP follows the matrix. Study, series and frame-of-reference UIDs are the volume's, so
 * the expert plan reattaches; instance UIDs are derived from the series UID. Patient name and ID are copied
 * (as the original files would carry them); a package removes them with the rest of the PS3.15 Basic Profile
 * (trainingPackageIo.ts writePackageWithImages, src/dicom/deid) unless de-identification is turned off.
 */
export function volumeToDicomFiles(volume: Volume, folder = 'series'): PackageFile[] {
  const [nx, ny, nz] = volume.dims;
  const m = volume.ijkToLps;
  const iDir: Vec3 = [m[0]!, m[4]!, m[8]!];
  const jDir: Vec3 = [m[1]!, m[5]!, m[9]!];
  const colSpacing = length(iDir);
  const rowSpacing = length(jDir);
  const iop = [...iDir.map((x) => x / colSpacing), ...jDir.map((x) => x / rowSpacing)];
  const md = volume.metadata;
  const isMr = md.modality === 'MR';
  const perSlice = nx * ny;
  const files: PackageFile[] = [];
  for (let k = 0; k < nz; k++) {
    const ipp = transformPoint(m, [0, 0, k]);
    // Copy the slice: its buffer must start at 0 for the OW bytes (typed arrays are little endian here).
    const slice = volume.data.slice(k * perSlice, (k + 1) * perSlice);
    const elements: DicomElement[] = [
      // Latin-1: names such as 'Müller' survive (the app's DICOM reader reads text byte by byte).
      { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
      // PS3.3 C.8.2.1.1.1: a CT's third value says AXIAL or LOCALIZER.
      { tag: 0x00080008, vr: 'CS', value: isMr ? 'DERIVED\\SECONDARY' : 'DERIVED\\SECONDARY\\AXIAL' },
      { tag: 0x00080016, vr: 'UI', value: isMr ? MR_IMAGE_STORAGE : CT_IMAGE_STORAGE },
      {
        tag: 0x00080018,
        vr: 'UI',
        value: uidFromSeed(0, `${md.seriesInstanceUid}|training-package-instance-${k}`),
      },
      { tag: 0x00080020, vr: 'DA', value: md.studyDate },
      // Type 2 attributes of the CT Image IOD (PS3.3 A.3) the volume does not keep: present, empty.
      { tag: 0x00080030, vr: 'TM', value: '' },
      { tag: 0x00080050, vr: 'SH', value: '' },
      { tag: 0x00080060, vr: 'CS', value: md.modality || 'CT' },
      { tag: 0x00080070, vr: 'LO', value: 'Spineplan' },
      { tag: 0x00080090, vr: 'PN', value: '' },
      { tag: 0x00081030, vr: 'LO', value: md.studyDescription },
      { tag: 0x0008103e, vr: 'LO', value: md.seriesDescription },
      { tag: 0x00100010, vr: 'PN', value: md.patientName },
      { tag: 0x00100020, vr: 'LO', value: md.patientId },
      { tag: 0x00100030, vr: 'DA', value: '' },
      { tag: 0x00100040, vr: 'CS', value: '' },
      ...(isMr
        ? []
        : ([
            { tag: 0x00180050, vr: 'DS', value: '' },
            { tag: 0x00180060, vr: 'DS', value: '' },
          ] as DicomElement[])),
      { tag: 0x00185100, vr: 'CS', value: '' },
      { tag: 0x0020000d, vr: 'UI', value: md.studyInstanceUid },
      { tag: 0x0020000e, vr: 'UI', value: md.seriesInstanceUid },
      { tag: 0x00200010, vr: 'SH', value: '' },
      { tag: 0x00200011, vr: 'IS', value: '' },
      { tag: 0x00200012, vr: 'IS', value: '' },
      { tag: 0x00200013, vr: 'IS', value: String(k + 1) },
      { tag: 0x00200060, vr: 'CS', value: '' },
      { tag: 0x00201040, vr: 'LO', value: '' },
      { tag: 0x00200032, vr: 'DS', value: ipp.map(ds).join('\\') },
      { tag: 0x00200037, vr: 'DS', value: iop.map(ds).join('\\') },
      ...(md.frameOfReferenceUid
        ? [{ tag: 0x00200052, vr: 'UI', value: md.frameOfReferenceUid } as DicomElement]
        : []),
      { tag: 0x00280002, vr: 'US', value: [1] },
      { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
      { tag: 0x00280010, vr: 'US', value: [ny] },
      { tag: 0x00280011, vr: 'US', value: [nx] },
      { tag: 0x00280030, vr: 'DS', value: `${ds(rowSpacing)}\\${ds(colSpacing)}` },
      { tag: 0x00280100, vr: 'US', value: [16] },
      { tag: 0x00280101, vr: 'US', value: [16] },
      { tag: 0x00280102, vr: 'US', value: [15] },
      { tag: 0x00280103, vr: 'US', value: [1] },
      ...(md.windowCenter !== undefined && md.windowWidth !== undefined
        ? ([
            { tag: 0x00281050, vr: 'DS', value: ds(md.windowCenter) },
            { tag: 0x00281051, vr: 'DS', value: ds(md.windowWidth) },
          ] as DicomElement[])
        : []),
      { tag: 0x00281052, vr: 'DS', value: ds(volume.rescaleIntercept) },
      { tag: 0x00281053, vr: 'DS', value: ds(volume.rescaleSlope) },
      { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(slice.buffer) },
    ];
    files.push({ path: `${folder}/IM${String(k + 1).padStart(5, '0')}.dcm`, bytes: writePart10(elements) });
  }
  return files;
}
