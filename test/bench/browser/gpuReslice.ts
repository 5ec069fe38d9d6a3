import * as THREE from 'three';
import { cross } from '../../../src/core/vec3';
import { createSliceMaterial, setSliceUniforms, setSliceVolume } from '../../../src/render/sliceMaterial';
import type { ResliceGrid } from '../../../src/volume/reslice';
import type { Volume } from '../../../src/volume/volume';
import { gpuSync } from './pageTiming';

/** Display window for the check: 1 grey level = 2000 / 255 = 7.8 HU. */
export const CHECK_WINDOW = { width: 2000, level: 500 } as const;

/**
 * Our slice material drawing a ResliceGrid into a width x height RGBA8 target: the quad spans the pixel
 * footprints in in-plane mm and an orthographic camera covers exactly that, so target pixel (c, r) (GL row
 * r, bottom first) is centred where the CPU grid puts pixel (c, r).
 */
export class GpuReslice {
  readonly target: THREE.WebGLRenderTarget;
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.OrthographicCamera;
  private readonly material = createSliceMaterial();

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    volume: Volume,
    texture: THREE.Data3DTexture,
    readonly grid: ResliceGrid,
  ) {
    const { width, height, pixelSizeMm: px } = grid;
    this.target = new THREE.WebGLRenderTarget(width, height, { depthBuffer: false });
    const quad = new THREE.Mesh(
      new THREE.PlaneGeometry(width * px, height * px).translate(
        ((width - 1) * px) / 2,
        ((height - 1) * px) / 2,
        0,
      ),
      this.material,
    );
    quad.frustumCulled = false;
    this.scene.add(quad);
    this.camera = new THREE.OrthographicCamera(
      -0.5 * px,
      (width - 0.5) * px,
      (height - 0.5) * px,
      -0.5 * px,
      -1,
      1,
    );
    setSliceVolume(this.material, volume, texture);
    setSliceUniforms(this.material, {
      plane: {
        originLps: grid.originLps,
        uLps: grid.uLps,
        vLps: grid.vLps,
        normalLps: cross(grid.uLps, grid.vLps),
      },
      window: CHECK_WINDOW,
      slabMm: 0,
      slabSamples: 1,
      slabMode: 'mip',
    });
  }

  render(): void {
    this.renderer.setRenderTarget(this.target);
    this.renderer.render(this.scene, this.camera);
    gpuSync(this.renderer.getContext() as WebGL2RenderingContext);
    this.renderer.setRenderTarget(null);
  }

  /** Grey per pixel, GL rows (= grid rows). */
  readGrey(): Uint8Array {
    const { width, height } = this.grid;
    const rgba = new Uint8Array(width * height * 4);
    this.renderer.readRenderTargetPixels(this.target, 0, 0, width, height, rgba);
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[4 * i]!;
    return grey;
  }

  dispose(): void {
    this.target.dispose();
    this.material.dispose();
  }
}

/** The CPU reslice's HU through the same window as the shader (outside the volume: black). */
export function windowToGrey(hu: Float32Array): Uint8Array {
  const lower = CHECK_WINDOW.level - CHECK_WINDOW.width / 2;
  const out = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) {
    const v = hu[i]!;
    out[i] = Number.isNaN(v)
      ? 0
      : Math.round(255 * Math.min(1, Math.max(0, (v - lower) / CHECK_WINDOW.width)));
  }
  return out;
}
