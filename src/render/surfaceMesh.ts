import * as THREE from 'three';
import type { SurfaceMesh } from '../volume/surface/mesh';

/**
 * A three.js geometry over the mesh's own buffers (no copy): positions in LPS mm, which is the 3D
 * view's world frame, so the mesh needs no transform. Bounds are computed for culling and picking.
 */
export function createSurfaceGeometry(mesh: SurfaceMesh): THREE.BufferGeometry {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(mesh.normals, 3));
  geometry.setIndex(new THREE.BufferAttribute(mesh.indices, 1));
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();
  return geometry;
}

/**
 * A small matcap (material capture, Sloan et al. 2001) lit like bone under a head light: the surface
 * shades the same from every camera angle without scene lights, and it costs one texture lookup per
 * pixel, which suits headsets. Generated here so no image file ships.
 */
export function createBoneMatcap(size = 64): THREE.DataTexture {
  const pixels = new Uint8Array(size * size * 4);
  const base = [0.89, 0.85, 0.76];
  const light = [-0.35, 0.45, 0.82];
  const lightLength = Math.hypot(light[0]!, light[1]!, light[2]!);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const nx = ((x + 0.5) / size) * 2 - 1;
      const ny = ((y + 0.5) / size) * 2 - 1;
      const r2 = nx * nx + ny * ny;
      const nz = Math.sqrt(Math.max(0, 1 - r2));
      const lambert = Math.max(0, (nx * light[0]! + ny * light[1]! + nz * light[2]!) / lightLength);
      // Blinn-Phong highlight with the half vector between light and eye (0, 0, 1)
      const h = [light[0]! / lightLength, light[1]! / lightLength, light[2]! / lightLength + 1];
      const hLength = Math.hypot(h[0]!, h[1]!, h[2]!);
      const specular = Math.max(0, (nx * h[0]! + ny * h[1]! + nz * h[2]!) / hLength) ** 40;
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++)
        pixels[o + c] = Math.round(255 * Math.min(1, base[c]! * (0.22 + 0.78 * lambert) + 0.25 * specular));
      pixels[o + 3] = 255;
    }
  const texture = new THREE.DataTexture(pixels, size, size, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.magFilter = THREE.LinearFilter;
  texture.minFilter = THREE.LinearFilter;
  texture.needsUpdate = true;
  return texture;
}

/** The bone surface's material: matcap shading, front faces only (the mesh is closed and outward-wound). */
export function createBoneSurfaceMaterial(matcap: THREE.Texture): THREE.MeshMatcapMaterial {
  return new THREE.MeshMatcapMaterial({ matcap, side: THREE.FrontSide });
}
