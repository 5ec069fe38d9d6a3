import * as THREE from 'three';

/**
 * The 3D view's own copy of the volume (issue 20): HU quantised to 8 bits over classVolumeRange (air to the
 * transfer function's top; values outside clamp to its ends, as the LUT lookup itself clamps), 1 byte a
 * voxel. The composite raymarch reads it instead of the 2-byte HU texture: half the bytes to filter per
 * fetch, and on SwiftShader R16F filtering is the costly part of a sample (a bone frame on the small demo
 * took ~18% less work from this alone). Classification stays post-interpolative (the value is interpolated,
 * then looked up), unlike NiiVue's pre-classified RGBA. Made on the GPU from the HU texture (one texelFetch
 * a voxel, no CPU copy, no main-thread work) and remade when the range changes. Optional and bounded:
 * volumes over CLASS_VOLUME_MAX_VOXELS keep reading HU. The 2D views and the DRR never read it.
 */

/**
 * The copy's range: from air (-1024 HU) or the transfer function's lowest HU if lower, to its highest.
 * Clamping tissue below the range would move surfaces: a voxel pair (air -1000, skin -100) clamped to a
 * -500 floor crosses a -300 HU threshold 0.27 voxel further out. From -1024 only values below air (outside
 * the scanned circle) clamp. Bone's range (136..1514) then takes ~10 HU a level.
 */
export function classVolumeRange(tfRange: { minHu: number; maxHu: number }): {
  minHu: number;
  maxHu: number;
} {
  return { minHu: Math.min(tfRange.minHu, -1024), maxHu: tfRange.maxHu };
}

/**
 * How far (HU) a sample of the copy may lie outside the HU range of the voxels around it: quantising rounds
 * each voxel to the nearest of 255 steps (half a step), and a GPU may round the filtered value once more
 * (up to another half step). Empty-space skipping widens brick ranges by this, so a brick is never called
 * empty for a sample the copy shows (volume/bricks.ts brickOccupancy).
 */
export function classVolumeMarginHu(rangeHu: { minHu: number; maxHu: number }): number {
  return (rangeHu.maxHu - rangeHu.minHu) / 255;
}

/** Largest volume given an 8-bit copy: 2^28 voxels = 256 MB (e.g. 512x512x1024). */
export const CLASS_VOLUME_MAX_VOXELS = 2 ** 28;

export interface ClassVolume {
  target: THREE.WebGL3DRenderTarget;
  rangeHu: { minHu: number; maxHu: number };
}

const vertexShader = `
void main() {
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

const fragmentShader = `
precision highp float;
precision highp sampler3D;
uniform sampler3D uVolume;
uniform int uSlice;
uniform vec2 uRangeHu;
out vec4 fragColor;
void main() {
  float hu = texelFetch(uVolume, ivec3(gl_FragCoord.xy, uSlice), 0).r;
  // Written to an R8 target: the GPU rounds [0, 1] to 0..255.
  fragColor = vec4(clamp((hu - uRangeHu.x) / (uRangeHu.y - uRangeHu.x), 0.0, 1.0), 0.0, 0.0, 1.0);
}`;

/** GPU bytes of a class volume: 1 a voxel. */
export function classVolumeBytes(dims: readonly [number, number, number]): number {
  return dims[0] * dims[1] * dims[2];
}

/** An R8 3D target for `dims`, linearly filtered, or null when the volume is over the bound. */
export function createClassVolumeTarget(
  dims: readonly [number, number, number],
): THREE.WebGL3DRenderTarget | null {
  if (classVolumeBytes(dims) > CLASS_VOLUME_MAX_VOXELS) return null;
  const target = new THREE.WebGL3DRenderTarget(dims[0], dims[1], dims[2], {
    format: THREE.RedFormat,
    type: THREE.UnsignedByteType,
    minFilter: THREE.LinearFilter,
    magFilter: THREE.LinearFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
  target.texture.colorSpace = THREE.NoColorSpace;
  return target;
}

/** The quantising pass: one material for every copy, so its program is compiled once and kept. */
interface QuantisePass {
  material: THREE.ShaderMaterial;
  scene: THREE.Scene;
  camera: THREE.OrthographicCamera;
}
let pass: QuantisePass | null = null;
function quantisePass(): QuantisePass {
  if (pass) return pass;
  const material = new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader,
    fragmentShader,
    depthTest: false,
    depthWrite: false,
    uniforms: {
      uVolume: { value: null },
      uSlice: { value: 0 },
      uRangeHu: { value: new THREE.Vector2(0, 1) },
    },
  });
  const quad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), material);
  quad.frustumCulled = false;
  const scene = new THREE.Scene();
  scene.add(quad);
  pass = { material, scene, camera: new THREE.OrthographicCamera() };
  return pass;
}

/** A 1x1 target the quantising program is compiled under (see compileQuantisePass). */
let compileTarget: THREE.WebGLRenderTarget | null = null;

/**
 * Issues the compile and link of the quantising program ahead of the first copy (program warm-up,
 * render/programWarmup.ts). Compiled under a render target, as the copy draws: three.js keys programs on the
 * output (a target gets no tone mapping and linear output, the canvas gets both), so a program compiled for
 * the canvas is a different one and the copy compiled its own and waited for it on the page's main thread
 * (up to 0.4-0.8 s after the first 3D frame on SwiftShader, issue 20). Without KHR_parallel_shader_compile
 * nothing here waits: the first copy's draw finds the program linked if the GPU process has had the time.
 * Resolves after a task, with that extension once the program is linked.
 */
export async function compileQuantisePass(renderer: THREE.WebGLRenderer): Promise<void> {
  const { scene, camera } = quantisePass();
  compileTarget ??= new THREE.WebGLRenderTarget(1, 1, { depthBuffer: false });
  const previousTarget = renderer.getRenderTarget();
  renderer.setRenderTarget(compileTarget);
  let compiled: Promise<unknown>;
  try {
    // compileAsync compiles at once (synchronously), then waits: the target is put back before any await.
    compiled = renderer.compileAsync(scene, camera);
  } finally {
    renderer.setRenderTarget(previousTarget);
  }
  await compiled.catch(() => undefined);
}

/**
 * Writes `volume` (HU texture, already whole on the GPU) into `target` quantised over `rangeHu`: one
 * full-slice draw per layer. Restores the renderer's render target, viewport and scissor.
 */
export function quantiseVolume(
  renderer: THREE.WebGLRenderer,
  volume: THREE.Data3DTexture,
  target: THREE.WebGL3DRenderTarget,
  rangeHu: { minHu: number; maxHu: number },
): void {
  const { material, scene, camera } = quantisePass();
  material.uniforms.uVolume!.value = volume;
  (material.uniforms.uRangeHu!.value as THREE.Vector2).set(rangeHu.minHu, rangeHu.maxHu);
  const previousTarget = renderer.getRenderTarget();
  const previousAutoClear = renderer.autoClear;
  const viewport = renderer.getViewport(new THREE.Vector4());
  const scissor = renderer.getScissor(new THREE.Vector4());
  const scissorTest = renderer.getScissorTest();
  renderer.autoClear = false;
  renderer.setScissorTest(false);
  try {
    for (let z = 0; z < target.depth; z++) {
      material.uniforms.uSlice!.value = z;
      renderer.setRenderTarget(target, z);
      renderer.render(scene, camera);
    }
  } finally {
    renderer.setRenderTarget(previousTarget);
    renderer.setViewport(viewport);
    renderer.setScissor(scissor);
    renderer.setScissorTest(scissorTest);
    renderer.autoClear = previousAutoClear;
    // The closed case's texture is not kept alive by the shared pass.
    material.uniforms.uVolume!.value = null;
  }
}
