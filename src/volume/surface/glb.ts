import type { SurfaceMesh } from './mesh';

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"
const FLOAT = 5126;
const UNSIGNED_INT = 5125;
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;

/**
 * Node matrix (glTF column-major) from LPS millimetres to glTF's frame: metres, +Y up, the asset's
 * front facing +Z (glTF 2.0 sec. 3.4). X = patient Left, Y = Superior, Z = Anterior (= -Posterior):
 * a proper rotation (determinant +1), so the winding and the outward normals survive. The accessors
 * keep LPS mm, so a tool reading the raw buffers gets patient coordinates.
 */
export const LPS_MM_TO_GLTF: readonly number[] = [
  0.001, 0, 0, 0, 0, 0, -0.001, 0, 0, 0.001, 0, 0, 0, 0, 0, 1,
];

const pad4 = (n: number) => (n + 3) & ~3;

function bounds(values: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < values.length; i += 3)
    for (let a = 0; a < 3; a++) {
      // accessor min/max must be the float32 values as stored (glTF 2.0 sec. 3.6.2.5)
      const x = values[i + a]!;
      if (x < min[a]!) min[a] = x;
      if (x > max[a]!) max[a] = x;
    }
  return { min, max };
}

/**
 * One-mesh binary glTF 2.0 (Khronos glTF 2.0 sec. 4.4, GLB file format): a 12-byte header, a JSON chunk
 * padded with spaces and a BIN chunk padded with zeros, each to 4 bytes. Accessors: POSITION and
 * NORMAL (VEC3 float, POSITION with the required min/max) and uint32 indices, triangles counter-clockwise
 * seen from outside; one bone-coloured PBR material.
 */
export function writeGlb(mesh: SurfaceMesh, name = 'bone surface'): Uint8Array {
  const vertexTotal = mesh.positions.length / 3;
  const positionBytes = mesh.positions.byteLength;
  const normalBytes = mesh.normals.byteLength;
  const indexBytes = mesh.indices.byteLength;
  const binLength = pad4(positionBytes + normalBytes + indexBytes);
  const { min, max } = bounds(mesh.positions);
  const gltf = {
    asset: { version: '2.0', generator: 'Spineplan', extras: { units: 'accessors in DICOM patient LPS mm' } },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name, mesh: 0, matrix: [...LPS_MM_TO_GLTF] }],
    meshes: [
      { name, primitives: [{ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2, material: 0, mode: 4 }] },
    ],
    materials: [
      {
        name: 'bone',
        pbrMetallicRoughness: {
          baseColorFactor: [0.89, 0.85, 0.76, 1],
          metallicFactor: 0,
          roughnessFactor: 0.7,
        },
      },
    ],
    buffers: [{ byteLength: binLength }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: positionBytes, target: ARRAY_BUFFER },
      { buffer: 0, byteOffset: positionBytes, byteLength: normalBytes, target: ARRAY_BUFFER },
      {
        buffer: 0,
        byteOffset: positionBytes + normalBytes,
        byteLength: indexBytes,
        target: ELEMENT_ARRAY_BUFFER,
      },
    ],
    accessors: [
      { bufferView: 0, componentType: FLOAT, count: vertexTotal, type: 'VEC3', min, max },
      { bufferView: 1, componentType: FLOAT, count: vertexTotal, type: 'VEC3' },
      { bufferView: 2, componentType: UNSIGNED_INT, count: mesh.indices.length, type: 'SCALAR' },
    ],
  };
  const jsonText = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLength = pad4(jsonText.length);
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, GLB_MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, CHUNK_JSON, true);
  bytes.set(jsonText, 20);
  bytes.fill(0x20, 20 + jsonText.length, 20 + jsonLength);
  const bin = 20 + jsonLength;
  view.setUint32(bin, binLength, true);
  view.setUint32(bin + 4, CHUNK_BIN, true);
  // Typed arrays are little-endian on every platform a browser runs on; glTF requires little-endian.
  bytes.set(new Uint8Array(mesh.positions.buffer, mesh.positions.byteOffset, positionBytes), bin + 8);
  bytes.set(
    new Uint8Array(mesh.normals.buffer, mesh.normals.byteOffset, normalBytes),
    bin + 8 + positionBytes,
  );
  bytes.set(
    new Uint8Array(mesh.indices.buffer, mesh.indices.byteOffset, indexBytes),
    bin + 8 + positionBytes + normalBytes,
  );
  return bytes;
}
