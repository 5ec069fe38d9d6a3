/**
 * Binary voxel-mask operations for solid models (the print model): cube dilation/erosion, cavity filling
 * and the piece connected to a seed set. Masks are Uint8Array (0 / 1), i fastest, dims [nx, ny, nz].
 * All loops are iterative (an explicit stack), so a mask of millions of voxels never overflows the call stack.
 */

export type MaskDims = readonly [number, number, number];

/** Max (dilate) or min (erode) over a (2r+1)^3 cube, separable: three 1-D passes along i, j and k. */
function cubeFilter(mask: Uint8Array, dims: MaskDims, radius: number, dilate: boolean): Uint8Array {
  const [nx, ny] = dims;
  const strides = [1, nx, nx * ny];
  let src = mask;
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis]!;
    const stride = strides[axis]!;
    const dst = new Uint8Array(src.length);
    const outer = src.length / n;
    for (let line = 0; line < outer; line++) {
      // Start of the line: decompose `line` into the other two axes.
      let start: number;
      if (axis === 0) start = line * nx;
      else if (axis === 1) start = (line % nx) + Math.floor(line / nx) * nx * ny;
      else start = line;
      for (let t = 0; t < n; t++) {
        let v = dilate ? 0 : 1;
        const lo = Math.max(0, t - radius);
        const hi = Math.min(n - 1, t + radius);
        // Beyond the grid counts as empty: erosion there empties the border voxel.
        if (!dilate && (t - radius < 0 || t + radius > n - 1)) v = 0;
        for (let u = lo; u <= hi && (dilate ? v === 0 : v === 1); u++) {
          const x = src[start + u * stride]!;
          v = dilate ? Math.max(v, x) : Math.min(v, x);
        }
        dst[start + t * stride] = v;
      }
    }
    src = dst;
  }
  return src;
}

export const dilateCube = (mask: Uint8Array, dims: MaskDims, radius: number): Uint8Array =>
  cubeFilter(mask, dims, radius, true);

export const erodeCube = (mask: Uint8Array, dims: MaskDims, radius: number): Uint8Array =>
  cubeFilter(mask, dims, radius, false);

/**
 * Marks (value 1 in the result) every voxel reachable from `seeds` through voxels where `passable` is
 * true, 6-connected (face neighbours).
 */
export function floodFill6(
  dims: MaskDims,
  seeds: Iterable<number>,
  passable: (v: number) => boolean,
): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const reached = new Uint8Array(nx * ny * nz);
  let stack = new Int32Array(1 << 16);
  let top = 0;
  const push = (v: number) => {
    if (reached[v] || !passable(v)) return;
    reached[v] = 1;
    if (top === stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[top++] = v;
  };
  for (const s of seeds) push(s);
  while (top > 0) {
    const v = stack[--top]!;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    if (i > 0) push(v - 1);
    if (i < nx - 1) push(v + 1);
    if (j > 0) push(v - nx);
    if (j < ny - 1) push(v + nx);
    if (k > 0) push(v - plane);
    if (k < nz - 1) push(v + plane);
  }
  return reached;
}

/** Indices of the voxels on the grid's six faces. */
export function* borderVoxels(dims: MaskDims): Generator<number> {
  const [nx, ny, nz] = dims;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
          yield i + nx * (j + ny * k);
}

/**
 * The mask with its enclosed cavities filled: empty voxels not reachable from the grid's border (the
 * marrow spaces of a vertebral body below the bone threshold) become solid, so a print has no sealed
 * voids and the surface is only the outer one.
 */
export function fillCavities(mask: Uint8Array, dims: MaskDims): Uint8Array {
  const outside = floodFill6(dims, borderVoxels(dims), (v) => mask[v] === 0);
  const filled = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) filled[v] = outside[v] ? 0 : 1;
  return filled;
}
