import * as THREE from 'three';
import vertexShader from '../../../shaders/drr.vert?raw';
import { DrrPipeline, drrQuad, setDrrRays, setDrrVolume } from '../../../src/render/drrMaterial';
import { textureToLpsMatrix } from '../../../src/render/volumeBox';
import { toMatrix4 } from '../../../src/render/volumeMaterial';
import { type DrrGeometry, drrStepMm } from '../../../src/volume/drr';
import { displaySettingsFor, MONITOR_LOOK } from '../../../src/volume/drrDisplay';
import type { Volume } from '../../../src/volume/volume';
import beforeFragment from './drrBefore.frag?raw';
import beforeDisplayFragment from './drrDisplayBefore.frag?raw';
import { createFloorMaterial, createFullTargetQuad } from './floorMaterial';
import { paGeometry } from './gpuDrr';
import { gpuSync } from './pageTiming';

/**
 * A whole C-arm frame, from the volume to monitor grey levels in an n x n 8-bit target, before and after
 * issue 18: before = the old line-integral pass (half-float target) + the old window pass; after = the
 * display pipeline (float line integrals and coverage, low-pass grid, its readback for the automatic window,
 * the monitor pass with edge enhancement). The floor: one volume fetch per pixel at n x n.
 */
export class DrrFrameBench {
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera();
  private readonly quad = new THREE.Mesh(drrQuad);
  private readonly pipeline = new DrrPipeline();
  private readonly before: THREE.ShaderMaterial;
  private readonly beforeDisplay: THREE.ShaderMaterial;
  private readonly floor = createFloorMaterial();
  private readonly floorScene = new THREE.Scene();
  private readonly geometry: DrrGeometry;
  private readonly stepMm: number;
  private targets = new Map<number, { half: THREE.WebGLRenderTarget; out: THREE.WebGLRenderTarget }>();

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    volume: Volume,
    texture: THREE.Data3DTexture,
  ) {
    this.quad.frustumCulled = false;
    this.scene.add(this.quad);
    this.floor.uniforms.uVolume!.value = texture;
    this.floorScene.add(createFullTargetQuad(this.floor));
    const lpsToTexture = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)).invert();
    this.geometry = paGeometry(volume);
    this.stepMm = drrStepMm(volume);
    const material = (fragmentShader: string, uniforms: Record<string, THREE.IUniform>) =>
      new THREE.ShaderMaterial({
        glslVersion: THREE.GLSL3,
        vertexShader,
        fragmentShader,
        depthTest: false,
        depthWrite: false,
        uniforms,
      });
    // The old pass had the same uniforms as today's minus the clip and size ones (unused uniforms are ignored).
    this.before = material(beforeFragment, this.pipeline.rays.uniforms);
    this.beforeDisplay = material(beforeDisplayFragment, {
      uDrr: { value: null },
      uViewExtent: { value: new THREE.Vector2(0.5, 0.5) },
      uWindow: { value: new THREE.Vector2(5, 4) },
      uBlackBone: { value: true },
      uCollimation: { value: 1 },
    });
    setDrrVolume(this.pipeline.rays, texture, lpsToTexture);
    setDrrRays(this.pipeline.rays, this.geometry, this.stepMm, []);
  }

  private targetsFor(n: number) {
    let t = this.targets.get(n);
    if (!t) {
      const half = new THREE.WebGLRenderTarget(n, n, {
        type: THREE.HalfFloatType,
        depthBuffer: false,
        minFilter: THREE.LinearFilter,
        magFilter: THREE.LinearFilter,
      });
      t = { half, out: new THREE.WebGLRenderTarget(n, n, { depthBuffer: false }) };
      this.targets.set(n, t);
    }
    return t;
  }

  private draw(material: THREE.Material, target: THREE.WebGLRenderTarget) {
    this.quad.material = material;
    this.renderer.setRenderTarget(target);
    this.renderer.render(this.scene, this.camera);
  }

  private sync() {
    gpuSync(this.renderer.getContext() as WebGL2RenderingContext);
    this.renderer.setRenderTarget(null);
  }

  /** The frame before issue 18 at n x n. */
  frameBefore(n: number): void {
    const t = this.targetsFor(n);
    this.draw(this.before, t.half);
    this.beforeDisplay.uniforms.uDrr!.value = t.half.texture;
    this.draw(this.beforeDisplay, t.out);
    this.sync();
  }

  /** The frame now at n x n (the app's DrrImage does the same steps). */
  frameAfter(n: number): void {
    const t = this.targetsFor(n);
    const lp = this.pipeline.compute(this.renderer, n, MONITOR_LOOK, this.geometry.fieldMm);
    const settings = displaySettingsFor(lp, {
      look: MONITOR_LOOK,
      fieldMm: this.geometry.fieldMm,
      collimation: 1,
      blackBone: true,
    });
    this.pipeline.setDisplay({ viewWidthPx: n, viewHeightPx: n, settings });
    this.draw(this.pipeline.displayMaterial, t.out);
    this.sync();
  }

  frameFloor(n: number): void {
    this.renderer.setRenderTarget(this.targetsFor(n).out);
    this.renderer.render(this.floorScene, this.camera);
    this.sync();
  }

  /** Before and after compute the same line integrals: largest relative difference at n x n (half vs float). */
  checkLineIntegrals(n: number): number {
    const t = this.targetsFor(n);
    this.draw(this.before, t.half);
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    const half = new Float32Array(n * n * 4);
    gl.readPixels(0, 0, n, n, gl.RGBA, gl.FLOAT, half);
    this.renderer.setRenderTarget(null);
    this.pipeline.compute(this.renderer, n, MONITOR_LOOK, this.geometry.fieldMm);
    const now = this.pipeline.readRays(this.renderer).lineIntegrals;
    let peak = 0;
    let worst = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const a = half[4 * ((n - 1 - r) * n + c)]!;
        peak = Math.max(peak, a);
        worst = Math.max(worst, Math.abs(a - now[r * n + c]!));
      }
    return worst / peak;
  }

  dispose(): void {
    for (const t of this.targets.values()) {
      t.half.dispose();
      t.out.dispose();
    }
    this.pipeline.dispose();
    this.before.dispose();
    this.beforeDisplay.dispose();
    this.floor.dispose();
  }
}
