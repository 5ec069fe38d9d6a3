import { describe, expect, it } from 'vitest';
import type { Mat4 } from '../../src/core/mat4';
import { LPS_MM_TO_GLTF, writeGlb } from '../../src/volume/surface/glb';
import { marchingCubes } from '../../src/volume/surface/marchingCubes';
import { computeVertexNormals, meshBounds, type SurfaceMesh } from '../../src/volume/surface/mesh';
import { writeStl } from '../../src/volume/surface/stl';
import { sphereVolume } from './surface-fixtures';

const centre = [-12, 40, 100] as const;
const shifted: Mat4 = [
  1,
  0,
  0,
  centre[0] - 7.5,
  0,
  1,
  0,
  centre[1] - 7.5,
  0,
  0,
  1,
  centre[2] - 7.5,
  0,
  0,
  0,
  1,
];
const raw = marchingCubes(sphereVolume([16, 16, 16], shifted, centre, 5), { isoValue: 0 });
const mesh: SurfaceMesh = { ...raw, normals: computeVertexNormals(raw.positions, raw.indices) };
const triangles = mesh.indices.length / 3;

describe('binary STL', () => {
  const bytes = writeStl(mesh, 'test sphere');
  const view = new DataView(bytes.buffer);

  it('has an 80-byte header not starting with "solid", the count, and 50 bytes per triangle', () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).not.toBe('solid');
    expect(view.getUint32(80, true)).toBe(triangles);
    expect(bytes.length).toBe(84 + 50 * triangles);
  });

  it('writes each triangle as its unit outward normal and three LPS vertices', () => {
    for (const t of [0, Math.floor(triangles / 2), triangles - 1]) {
      const base = 84 + 50 * t;
      const normal = [0, 1, 2].map((a) => view.getFloat32(base + 4 * a, true));
      const vertices = [0, 1, 2].map((v) =>
        [0, 1, 2].map((a) => view.getFloat32(base + 12 + 12 * v + 4 * a, true)),
      );
      for (let v = 0; v < 3; v++)
        for (let a = 0; a < 3; a++)
          expect(vertices[v]![a]).toBe(mesh.positions[mesh.indices[t * 3 + v]! * 3 + a]);
      expect(Math.hypot(...normal)).toBeCloseTo(1, 5);
      const centroid = [0, 1, 2].map(
        (a) => (vertices[0]![a]! + vertices[1]![a]! + vertices[2]![a]!) / 3 - centre[a]!,
      );
      expect(
        normal[0]! * centroid[0]! + normal[1]! * centroid[1]! + normal[2]! * centroid[2]!,
      ).toBeGreaterThan(0);
      expect(view.getUint16(base + 48, true)).toBe(0);
    }
  });
});

interface GltfJson {
  asset: { version: string };
  nodes: { matrix: number[] }[];
  meshes: { primitives: { attributes: Record<string, number>; indices: number; mode: number }[] }[];
  accessors: {
    bufferView: number;
    componentType: number;
    count: number;
    type: string;
    min?: number[];
    max?: number[];
  }[];
  bufferViews: { byteOffset: number; byteLength: number; target: number }[];
  buffers: { byteLength: number }[];
}

describe('GLB (glTF 2.0 binary)', () => {
  const bytes = writeGlb(mesh);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as GltfJson;
  const binStart = 20 + jsonLength;

  it('has the header magic, version 2, total length and 4-byte aligned JSON and BIN chunks', () => {
    expect(view.getUint32(0, true)).toBe(0x46546c67);
    expect(view.getUint32(4, true)).toBe(2);
    expect(view.getUint32(8, true)).toBe(bytes.length);
    expect(view.getUint32(16, true)).toBe(0x4e4f534a);
    expect(jsonLength % 4).toBe(0);
    expect(view.getUint32(binStart + 4, true)).toBe(0x004e4942);
    const binLength = view.getUint32(binStart, true);
    expect(binLength % 4).toBe(0);
    expect(binStart + 8 + binLength).toBe(bytes.length);
    expect(json.buffers[0]!.byteLength).toBe(binLength);
    expect(json.asset.version).toBe('2.0');
  });

  it('describes POSITION, NORMAL and indices with the right counts, types and position bounds', () => {
    const primitive = json.meshes[0]!.primitives[0]!;
    expect(primitive.mode).toBe(4);
    const position = json.accessors[primitive.attributes.POSITION!]!;
    const normal = json.accessors[primitive.attributes.NORMAL!]!;
    const index = json.accessors[primitive.indices]!;
    expect([position.count, position.type, position.componentType]).toEqual([
      mesh.positions.length / 3,
      'VEC3',
      5126,
    ]);
    expect([normal.count, normal.type]).toEqual([mesh.positions.length / 3, 'VEC3']);
    expect([index.count, index.type, index.componentType]).toEqual([mesh.indices.length, 'SCALAR', 5125]);
    const b = meshBounds(mesh);
    expect(position.min).toEqual(b.min);
    expect(position.max).toEqual(b.max);
    // the buffers round-trip byte for byte
    const indexView = json.bufferViews[index.bufferView]!;
    const stored = new Uint32Array(
      bytes.slice(
        binStart + 8 + indexView.byteOffset,
        binStart + 8 + indexView.byteOffset + indexView.byteLength,
      ).buffer,
    );
    expect(stored).toEqual(mesh.indices);
    expect(json.nodes[0]!.matrix).toEqual([...LPS_MM_TO_GLTF]);
  });

  it("loads in three's GLTFLoader in Node, upright in metres (superior = +Y, anterior = +Z)", async () => {
    const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
    const THREE = await import('three');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const gltf = await new GLTFLoader().parseAsync(buffer, '');
    let found: InstanceType<typeof THREE.Mesh> | undefined;
    gltf.scene.traverse((o) => {
      if (o instanceof THREE.Mesh) found = o;
    });
    expect(found).toBeDefined();
    const geometry = found!.geometry as InstanceType<typeof THREE.BufferGeometry>;
    expect(geometry.index!.count).toBe(mesh.indices.length);
    expect(geometry.getAttribute('position').count).toBe(mesh.positions.length / 3);
    gltf.scene.updateMatrixWorld(true);
    const box = new THREE.Box3().setFromObject(gltf.scene);
    const middle = box.getCenter(new THREE.Vector3());
    // LPS (x, y, z) mm -> glTF (x, z, -y) m
    expect(middle.x).toBeCloseTo(centre[0] / 1000, 3);
    expect(middle.y).toBeCloseTo(centre[2] / 1000, 3);
    expect(middle.z).toBeCloseTo(-centre[1] / 1000, 3);
    expect(box.getSize(new THREE.Vector3()).x).toBeCloseTo(0.01, 3);
  });
});
