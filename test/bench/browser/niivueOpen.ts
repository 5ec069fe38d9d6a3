import type { Volume } from '../../../src/volume/volume';
import { volumeToNifti } from './nifti';
import { NiivueRenderer } from './niivueRenderer';
import { fetchBenchVolume } from './transport';

/**
 * NiiVue's side of the open stage (issue 20): it cannot read a DICOM folder without its dcm2niix plugin
 * (not installed), so it starts from a NIfTI of the same voxels already in memory ("bytes in") and stops
 * at its first finished 3D frame: a new Niivue on a new 800x600 canvas (shader compile), the NIfTI parsed
 * and uploaded, our bone colour map set, one drawScene + gpuSync. The NIfTI is made before the clock starts.
 */
export async function openNiivueTimed(name: string) {
  const volume: Volume = await fetchBenchVolume(name);
  const nifti = volumeToNifti(volume);
  const holder = document.createElement('div');
  holder.style.cssText = 'width:800px;height:600px';
  const canvas = document.createElement('canvas');
  canvas.width = 800;
  canvas.height = 600;
  holder.appendChild(canvas);
  document.body.appendChild(holder);
  const start = performance.now();
  const nv = await NiivueRenderer.create(canvas);
  const attached = performance.now();
  await nv.setVolumeFromNifti(nifti, volume, 0);
  nv.render();
  const framed = performance.now();
  const pixels = nv.readCanvas();
  let lit = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! > 60) lit++;
  (nv.nv.gl as WebGL2RenderingContext).getExtension('WEBGL_lose_context')?.loseContext();
  holder.remove();
  return {
    attachMs: attached - start,
    loadToFrameMs: framed - attached,
    totalMs: framed - start,
    litFraction: lit / (pixels.length / 4),
  };
}
