import * as THREE from 'three';
import { createSliceMaterial } from './sliceMaterial';
import { compileQuantisePass } from './volumeClassTexture';
import { createVolumeMaterial } from './volumeMaterial';

/**
 * Compiles the programs the first frames of an open use (the slice views' program, the 3D view's composite
 * raymarch, the 8-bit copy's quantising pass) on a new renderer, before a case opens, and makes three.js
 * ask for each one's link status and uniforms then, one program a task.
 *
 * Why: three.js asks for a program's link status and uniforms (synchronous calls to the GPU process) the
 * first time an object draws with it. Such a call waits until the GPU process has worked through every
 * command queued before it; during an open that queue holds the volume texture's allocation and slab
 * uploads, so the first frame after the views mounted waited 150-400 ms on the slice program's query on
 * SwiftShader (issue 20: the one long task of a pancreas open), though that program compiles in ~1 ms on an
 * idle GPU process. Asked here, while the GPU process is idle, the answers are cached in three.js and the
 * first frame makes no such call. three.js keeps one program per cache key, so the views' own materials
 * reuse these: the materials are made by the same factories and drawn as the same kind of object (a Mesh)
 * in a scene without lights, like the views'. They are kept until the returned function is called
 * (disposing them while no view uses a program would delete it).
 */
export function warmUpPrograms(renderer: THREE.WebGLRenderer, stepMs = 30): () => void {
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera();
  const plane = new THREE.PlaneGeometry(1, 1);
  const box = new THREE.BoxGeometry(1, 1, 1);
  const materials = [createSliceMaterial(), createVolumeMaterial()];
  scene.add(new THREE.Mesh(plane, materials[0]), new THREE.Mesh(box, materials[1]));
  renderer.compile(scene, camera);
  void compileQuantisePass(renderer);
  // Every program of the renderer so far (these and any a view made meanwhile), one a task, each asked
  // only once a fence says the GPU process has worked through everything queued before it (the links
  // included), so the query does not wait on the page's main thread (polled, never waited for).
  const gl = renderer.getContext() as WebGL2RenderingContext;
  const pending = [...(renderer.info.programs ?? [])];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let fence: WebGLSync | null = null;
  const dropFence = () => {
    if (fence && !gl.isContextLost()) gl.deleteSync(fence);
    fence = null;
  };
  const step = () => {
    timer = null;
    if (gl.isContextLost()) return;
    if (fence && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED) {
      timer = setTimeout(step, stepMs);
      return;
    }
    if (fence) {
      dropFence();
      const program = pending.shift();
      // Not one released meanwhile (three.js deletes a program no material uses).
      if (program && renderer.info.programs?.includes(program)) program.getUniforms();
    }
    if (pending.length === 0) return;
    fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    timer = setTimeout(step, stepMs);
  };
  step();
  return () => {
    if (timer !== null) clearTimeout(timer);
    dropFence();
    for (const material of materials) material.dispose();
    plane.dispose();
    box.dispose();
  };
}
