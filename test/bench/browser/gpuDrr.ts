import * as THREE from 'three';
import {
  createDrrMaterial,
  createDrrTarget,
  drrQuad,
  setDrrRays,
  setDrrVolume,
} from '../../../src/render/drrMaterial';
import { textureToLpsMatrix } from '../../../src/render/volumeBox';
import { toMatrix4 } from '../../../src/render/volumeMaterial';
import { type DrrGeometry, drrStepMm } from '../../../src/volume/drr';
import { volumeCentreLps } from '../../../src/volume/slicePlanes';
import type { Volume } from '../../../src/volume/volume';
import { gpuSync } from './pageTiming';

/**
 * A PA C-arm shot of the whole volume (source 700 mm in front of its centre, detector 300 mm behind,
 * head up), the field wide enough to hold the volume's magnified shadow.
 */
export function paGeometry(volume: Volume): DrrGeometry {
  const [cx, cy, cz] = volumeCentreLps(volume);
  const [nx, , nz] = volume.dims;
  const extentMm = Math.max(nx * volume.spacingMm[0], nz * volume.spacingMm[2]);
  return {
    sourceLps: [cx, cy - 700, cz],
    detectorCentreLps: [cx, cy + 300, cz],
    rightLps: [-1, 0, 0],
    upLps: [0, 0, 1],
    fieldMm: ((extentMm * 1000) / 700) * 1.05,
  };
}

/** Our DRR line-integral pass (the C-arm view's, same material and step rule) into a square float target. */
export class GpuDrr {
  readonly target: THREE.WebGLRenderTarget;
  readonly geometry: DrrGeometry;
  readonly stepMm: number;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera();
  private readonly material = createDrrMaterial();

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    volume: Volume,
    texture: THREE.Data3DTexture,
    readonly sizePx: number,
  ) {
    this.target = createDrrTarget(sizePx);
    const quad = new THREE.Mesh(drrQuad, this.material);
    quad.frustumCulled = false;
    this.scene.add(quad);
    const lpsToTexture = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)).invert();
    setDrrVolume(this.material, texture, lpsToTexture);
    this.geometry = paGeometry(volume);
    this.stepMm = drrStepMm(volume);
    setDrrRays(this.material, this.geometry, this.stepMm, []);
  }

  render(): void {
    this.renderer.setRenderTarget(this.target);
    this.renderer.render(this.scene, this.camera);
    gpuSync(this.renderer.getContext() as WebGL2RenderingContext, true);
    this.renderer.setRenderTarget(null);
  }

  /** Line integrals, rows top to bottom like computeDrr (the target's GL rows run bottom to top). */
  readLineIntegrals(): Float32Array {
    const n = this.sizePx;
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    this.renderer.setRenderTarget(this.target);
    const rgba = new Float32Array(n * n * 4);
    gl.readPixels(0, 0, n, n, gl.RGBA, gl.FLOAT, rgba);
    this.renderer.setRenderTarget(null);
    const out = new Float32Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = rgba[4 * ((n - 1 - r) * n + c)]!;
    return out;
  }

  dispose(): void {
    this.target.dispose();
    this.material.dispose();
  }
}
