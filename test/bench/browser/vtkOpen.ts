import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import { VOLUME_PRESETS } from '../../../src/volume/transfer/transferFunctionPresets';
import { pixelsToPngDataUrl } from './imageCompare';
import type { VolumeMeta } from './transport';

/**
 * vtk.js 37's side of the open stage (issue 20): like NiiVue it reads no DICOM folder here, so it starts
 * from the same Int16 voxels already in the page ("bytes in": one vtkImageData, scalars shared, our
 * rescale and bone preset as its transfer functions) and stops at its first finished frame at 800x600
 * (new render window, volume mapper, render, gl.finish + 1-pixel read). Axis-aligned: vtk.js ignores the
 * direction matrix here, which does not change the cost of a frame.
 */
export async function openVtkTimed(name: string) {
  const meta = (await (await fetch(`/volume/${name}.json`)).json()) as VolumeMeta;
  const data = new Int16Array(await (await fetch(`/volume/${name}.bin`)).arrayBuffer());
  const holder = document.createElement('div');
  holder.style.cssText = 'width:800px;height:600px';
  document.body.appendChild(holder);
  const start = performance.now();
  const image = vtkImageData.newInstance();
  image.setDimensions(meta.dims);
  image.setSpacing(meta.spacingMm);
  image.getPointData().setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values: data }));
  const ctf = vtkColorTransferFunction.newInstance();
  const otf = vtkPiecewiseFunction.newInstance();
  for (const p of VOLUME_PRESETS.bone.transferFunction.points) {
    const stored = (p.hu - meta.rescaleIntercept) / meta.rescaleSlope;
    ctf.addRGBPoint(stored, p.color[0], p.color[1], p.color[2]);
    otf.addPoint(stored, p.opacity);
  }
  const mapper = vtkVolumeMapper.newInstance();
  mapper.setInputData(image);
  mapper.setSampleDistance(Math.min(...meta.spacingMm));
  const actor = vtkVolume.newInstance();
  actor.setMapper(mapper);
  actor.getProperty().setRGBTransferFunction(0, ctf);
  actor.getProperty().setScalarOpacity(0, otf);
  actor.getProperty().setInterpolationTypeToLinear();
  actor.getProperty().setShade(true);
  const renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  const renderWindow = vtkRenderWindow.newInstance();
  renderWindow.addRenderer(renderer);
  const glWindow = vtkOpenGLRenderWindow.newInstance();
  glWindow.setContainer(holder);
  glWindow.setSize(800, 600);
  renderWindow.addView(glWindow);
  // The volume mapper asks the window's interactor whether it is animating.
  const interactor = vtkRenderWindowInteractor.newInstance();
  interactor.setView(glWindow);
  interactor.initialize();
  renderer.addVolume(actor);
  renderer.resetCamera();
  renderer.getActiveCamera().elevation(-90);
  renderer.resetCamera();
  renderWindow.render();
  // The context the window made for itself (vtk.js keeps it as `context`).
  const gl = (glWindow as unknown as { getContext(): WebGL2RenderingContext }).getContext();
  gl.finish();
  const pixels = new Uint8Array(800 * 600 * 4);
  gl.readPixels(0, 0, 800, 600, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const framed = performance.now();
  let lit = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! > 60) lit++;
  interactor.delete();
  glWindow.delete();
  holder.remove();
  return {
    totalMs: framed - start,
    litFraction: lit / (800 * 600),
    image: pixelsToPngDataUrl(pixels, 800, 600),
  };
}
