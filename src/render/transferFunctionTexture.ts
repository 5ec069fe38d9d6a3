import * as THREE from 'three';
import {
  buildTransferFunctionLut,
  type HuRange,
  type TransferFunction,
  transferFunctionRange,
} from '../volume/transfer/transferFunction';

/** A transfer function as a 256x1 RGBA8 texture, with the HU range its u coordinate spans. */
export interface TransferFunctionTexture {
  texture: THREE.DataTexture;
  range: HuRange;
  referenceStepMm: number;
}

export function createTransferFunctionTexture(tf: TransferFunction, size = 256): TransferFunctionTexture {
  const range = transferFunctionRange(tf);
  const texture = new THREE.DataTexture(
    buildTransferFunctionLut(tf, range, size),
    size,
    1,
    THREE.RGBAFormat,
    THREE.UnsignedByteType,
  );
  // Linear filtering interpolates between LUT entries; the values are plain data, not sRGB colour.
  texture.minFilter = THREE.LinearFilter;
  texture.magFilter = THREE.LinearFilter;
  texture.wrapS = THREE.ClampToEdgeWrapping;
  texture.wrapT = THREE.ClampToEdgeWrapping;
  texture.colorSpace = THREE.NoColorSpace;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return { texture, range, referenceStepMm: tf.referenceStepMm };
}
