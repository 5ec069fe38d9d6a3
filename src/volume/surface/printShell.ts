import { erodeCube, fillCavities, floodFill6, type MaskDims } from './maskOps';

/**
 * The optional skin shell of a print (issue 23): a separate part of the given wall thickness that follows
 * the patient's back skin over the printed region and stands on the base's outer rim with four walls, so a
 * needle can be rehearsed through a skin surface and the shell lifted off to reach the pits.
 *
 * `body(i, j, k)` says whether the CT shows the patient there (HU at or above the skin threshold, the couch
 * excluded). Everything up to the base's top counts as inside, so the shell has no floor; the grid's other
 * faces count as outside, which makes its side walls. Enclosed air is filled first (no inner shells), and
 * only the largest piece is kept.
 */
export function skinShellMask(
  dims: MaskDims,
  baseLayers: number,
  wallVoxels: number,
  body: (i: number, j: number, k: number) => boolean,
): Uint8Array {
  const [nx, ny, nz] = dims;
  let inside: Uint8Array = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) if (j < baseLayers || body(i, j, k)) inside[i + nx * (j + ny * k)] = 1;
  inside = fillCavities(inside, dims);
  const core = erodeCube(inside, dims, wallVoxels);
  const shell = new Uint8Array(inside.length);
  for (let k = 0; k < nz; k++)
    for (let j = baseLayers; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (inside[v] && !core[v]) shell[v] = 1;
      }
  return largestPiece(shell, dims);
}

/** The 6-connected piece with the most voxels. */
function largestPiece(mask: Uint8Array, dims: MaskDims): Uint8Array {
  const seen = new Uint8Array(mask.length);
  let best: Uint8Array | null = null;
  let bestCount = 0;
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v] || seen[v]) continue;
    const piece = floodFill6(dims, [v], (w) => mask[w] === 1);
    let count = 0;
    for (let w = 0; w < piece.length; w++)
      if (piece[w]) {
        seen[w] = 1;
        count++;
      }
    if (count > bestCount) {
      best = piece;
      bestCount = count;
    }
  }
  return best ?? new Uint8Array(mask.length);
}
