import type { Volume } from '../../../src/volume/volume';

/**
 * A NIfTI-1 single file (".nii") holding our volume, so NiiVue loads exactly our voxels: Int16 as stored,
 * our rescale as scl_slope/scl_inter, and our ijk->LPS matrix as the sform after the LPS->RAS flip
 * (NIfTI world space is RAS: x and y negated). Header layout: NIfTI-1 standard, nifti1.h (348-byte
 * header, 4-byte extension flag, data at vox_offset 352).
 */
export function volumeToNifti(volume: Volume): ArrayBuffer {
  const [nx, ny, nz] = volume.dims;
  const headerBytes = 352;
  const buffer = new ArrayBuffer(headerBytes + volume.data.byteLength);
  const view = new DataView(buffer);
  view.setInt32(0, 348, true);
  const dim = [3, nx, ny, nz, 1, 1, 1, 1];
  for (const [i, d] of dim.entries()) view.setInt16(40 + 2 * i, d, true);
  view.setInt16(70, 4, true); // datatype DT_INT16
  view.setInt16(72, 16, true); // bitpix
  const pixdim = [1, volume.spacingMm[0], volume.spacingMm[1], volume.spacingMm[2], 1, 1, 1, 1];
  for (const [i, p] of pixdim.entries()) view.setFloat32(76 + 4 * i, p, true);
  view.setFloat32(108, headerBytes, true); // vox_offset
  view.setFloat32(112, volume.rescaleSlope, true);
  view.setFloat32(116, volume.rescaleIntercept, true);
  view.setInt16(252, 0, true); // qform_code: unknown, so the sform rules
  view.setInt16(254, 1, true); // sform_code: scanner anatomical
  const m = volume.ijkToLps;
  const flip = [-1, -1, 1];
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 4; col++)
      view.setFloat32(280 + 16 * row + 4 * col, flip[row]! * m[4 * row + col]!, true);
  new Uint8Array(buffer, 344, 4).set([0x6e, 0x2b, 0x31, 0]); // magic "n+1\0"
  new Int16Array(buffer, headerBytes).set(volume.data);
  return buffer;
}
