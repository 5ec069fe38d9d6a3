/// <reference lib="webworker" />
/**
 * Builds the print-ready spine model off the main thread (a lumbar region: ~1-3 s of voxel work and
 * marching cubes), then writes both files a printer takes: binary STL and 3MF, in the print frame (base
 * on the build plate, z up). The mesh and files go back transferred.
 */
import { zipSync } from 'fflate';
import { transformPoint } from '../core/mat4';
import { type RpcScope, serveRpc } from '../core/workerRpc';
import type { SurfaceMesh } from '../volume/surface/mesh';
import { buildPrintModel, type PrintModel, type PrintModelRequest } from '../volume/surface/printModel';
import { writeStl } from '../volume/surface/stl';
import { threeMfParts } from '../volume/surface/threeMf';
import type { Volume } from '../volume/volume';

export interface PrintJobRequest {
  volume: Pick<Volume, 'dims' | 'data' | 'ijkToLps' | 'rescaleSlope' | 'rescaleIntercept' | 'spacingMm'>;
  request: PrintModelRequest;
  /** Title written into both files, e.g. "Spine L2-L5 - DOE, JANE". */
  title: string;
}

export interface PrintJobResult {
  model: PrintModel;
  stl: Uint8Array;
  threeMf: Uint8Array;
  /** The skin shell as its own STL (a separate part), when made. */
  shellStl?: Uint8Array;
}

/** Positions moved into the print frame (a proper rigid motion: winding and normals stay outward). */
function printFramePositions(model: PrintModel, mesh: SurfaceMesh): Float32Array {
  const p = mesh.positions;
  const out = new Float32Array(p.length);
  for (let v = 0; v < p.length; v += 3) {
    const q = transformPoint(model.lpsToPrint, [p[v]!, p[v + 1]!, p[v + 2]!]);
    out[v] = q[0];
    out[v + 1] = q[1];
    out[v + 2] = q[2];
  }
  return out;
}

serveRpc<PrintJobRequest, PrintJobResult, number>(
  self as unknown as RpcScope,
  'print model',
  ({ volume, request, title }, { progress }) => {
    const model = buildPrintModel(volume as Volume, request, (f) => progress(0.9 * f));
    const frame = 'print frame, base z=0';
    const stl = writeStl(
      { positions: printFramePositions(model, model.mesh), indices: model.mesh.indices },
      title,
      frame,
    );
    const shellStl = model.shell
      ? writeStl(
          { positions: printFramePositions(model, model.shell), indices: model.shell.indices },
          `${title} skin shell`,
          frame,
        )
      : undefined;
    progress(0.95);
    const parts = [{ name: 'Spine', mesh: model.mesh }];
    if (model.shell) parts.push({ name: 'Skin shell', mesh: model.shell });
    const threeMf = zipSync(threeMfParts(parts, title, model.lpsToPrint), { level: 6 });
    return { model, stl, threeMf, ...(shellStl ? { shellStl } : {}) };
  },
  ({ model, stl, threeMf, shellStl }) => {
    const arrays: ArrayBufferView[] = [stl, threeMf];
    if (shellStl) arrays.push(shellStl);
    for (const m of model.shell ? [model.mesh, model.shell] : [model.mesh])
      arrays.push(m.positions, m.normals, m.indices);
    return arrays.map((a) => a.buffer as ArrayBuffer);
  },
);
