import type { SurfaceMesh } from './mesh';

const HEADER_BYTES = 80;
const TRIANGLE_BYTES = 50;

/**
 * Binary STL (the de-facto format from 3D Systems' StereoLithography Interface Specification, 1988):
 * 80-byte header, uint32 triangle count, then per triangle a float32 face normal, three float32
 * vertices and a uint16 attribute count, all little-endian. Coordinates are millimetres in `frame` (patient LPS unless said);
 * the face normal follows the counter-clockwise winding (outward). The header must not begin with
 * "solid", or some readers take the file for ASCII STL.
 */
export function writeStl(
  mesh: Pick<SurfaceMesh, 'positions' | 'indices'>,
  description = 'Spineplan surface',
  frame = 'DICOM patient LPS',
): Uint8Array {
  const { positions: p, indices } = mesh;
  const triangles = indices.length / 3;
  const bytes = new Uint8Array(HEADER_BYTES + 4 + TRIANGLE_BYTES * triangles);
  const header = new TextEncoder().encode(`${description}; units mm; ${frame}`.slice(0, HEADER_BYTES));
  bytes.set(header.subarray(0, HEADER_BYTES));
  const view = new DataView(bytes.buffer);
  view.setUint32(HEADER_BYTES, triangles, true);
  let offset = HEADER_BYTES + 4;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]! * 3;
    const b = indices[t + 1]! * 3;
    const c = indices[t + 2]! * 3;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len > 0) {
      nx /= len;
      ny /= len;
      nz /= len;
    }
    view.setFloat32(offset, nx, true);
    view.setFloat32(offset + 4, ny, true);
    view.setFloat32(offset + 8, nz, true);
    offset += 12;
    for (const v of [a, b, c]) {
      view.setFloat32(offset, p[v]!, true);
      view.setFloat32(offset + 4, p[v + 1]!, true);
      view.setFloat32(offset + 8, p[v + 2]!, true);
      offset += 12;
    }
    offset += 2; // attribute byte count: 0
  }
  return bytes;
}
