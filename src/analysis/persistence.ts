import type { GridVolume } from './grid';
import { fillHolesAxial, open2d } from './morphology';
import { RowRuns } from './rowRuns';

/**
 * Per-pixel statistics over the axial slices for the couch search (body.ts): in how many scanned slices
 * each (i, j) is occupied (HU above a threshold), occupied within one voxel (3x3 dilation), and in the
 * slice's thick part (occupied, holes filled, opened by a disc) on every `coreStep`-th slice. Each slice is
 * read once into row runs; the dilation is worked out on the runs (only its rim beyond the occupied pixels
 * is added pixel by pixel), and the hole filling and opening run on the runs' bounding box plus one voxel:
 * outside it everything is background, and distances to background or to the eroded set are the same
 * inside such a box as over the whole slice.
 */
export interface SliceStatistics {
  /** Slices in the scan at the pixel. */
  scanned: Uint16Array;
  occupied: Uint16Array;
  occupiedNear: Uint16Array;
  /** Slices sampled for the thick part, and how many of them had the pixel in it. */
  sampled: Uint16Array;
  inCore: Uint16Array;
}

export function sliceStatistics(
  gv: GridVolume,
  occupiedHu: number,
  coreRadius: number,
  coreStep: number,
): SliceStatistics {
  const [nx, ny, nz] = gv.grid.dims;
  const plane = nx * ny;
  const st: SliceStatistics = {
    scanned: new Uint16Array(plane),
    occupied: new Uint16Array(plane),
    occupiedNear: new Uint16Array(plane),
    sampled: new Uint16Array(plane),
    inCore: new Uint16Array(plane),
  };
  const runs = new SliceRuns(nx, ny);
  // Slices wholly in the scan are counted once at the end instead of pixel by pixel.
  let fullScanned = 0;
  let fullSampled = 0;
  const rim = new Uint16Array(plane);
  for (let k = 0; k < nz; k++) {
    const core = k % coreStep === 0;
    const full = wholeSliceInScan(gv.inScan, plane * k, plane);
    runs.read(gv.hu, plane * k, occupiedHu);
    const inScan = full ? undefined : gv.inScan.subarray(plane * k, plane * (k + 1));
    if (full) {
      fullScanned++;
      if (core) fullSampled++;
    } else
      for (let p = 0; p < plane; p++)
        if (inScan![p]) {
          st.scanned[p]!++;
          if (core) st.sampled[p]!++;
        }
    runs.forEachPixel(st.occupied, inScan);
    runs.forEachRimPixel(rim, inScan);
    if (core) runs.countThickPart(st.inCore, inScan, coreRadius);
  }
  for (let p = 0; p < plane; p++) {
    st.scanned[p]! += fullScanned;
    st.sampled[p]! += fullSampled;
    st.occupiedNear[p] = st.occupied[p]! + rim[p]!;
  }
  return st;
}

function wholeSliceInScan(inScan: Uint8Array, off: number, plane: number): boolean {
  for (let p = off; p < off + plane; p++) if (!inScan[p]) return false;
  return true;
}

/** The occupied pixels of one slice as row runs [start, end), rows in order. */
class SliceRuns {
  /** The runs themselves (storage shared with the cross opening's run lists). */
  private readonly runs: RowRuns;
  /** Scratch for one row's dilated intervals. */
  private dStart = new Int32Array(64);
  private dEnd = new Int32Array(64);

  constructor(
    private readonly nx: number,
    private readonly ny: number,
  ) {
    this.runs = new RowRuns(ny);
  }

  read(hu: Int16Array, off: number, threshold: number): void {
    const { nx, ny, runs } = this;
    runs.clear();
    for (let j = 0; j < ny; j++) {
      runs.beginRow(j);
      const r = off + nx * j;
      let i = 0;
      while (i < nx) {
        while (i < nx && hu[r + i]! <= threshold) i++;
        if (i >= nx) break;
        const s = i;
        while (i < nx && hu[r + i]! > threshold) i++;
        runs.push(s, i);
      }
    }
    runs.finish();
  }

  /** count[p]++ for every occupied pixel (in the scan when `inScan` is given). */
  forEachPixel(count: Uint16Array, inScan: Uint8Array | undefined): void {
    const { nx, ny } = this;
    for (let j = 0; j < ny; j++)
      for (let q = this.runs.first[j]!; q < this.runs.first[j + 1]!; q++)
        for (let p = nx * j + this.runs.start[q]!; p < nx * j + this.runs.end[q]!; p++)
          if (!inScan || inScan[p]) count[p]!++;
  }

  /**
   * count[p]++ for every pixel of the 3x3 dilation that is not occupied itself: per row, the union of the
   * runs of the row and its two neighbours, each widened by one pixel, minus the row's own runs.
   */
  forEachRimPixel(count: Uint16Array, inScan: Uint8Array | undefined): void {
    const { nx, ny } = this;
    for (let j = 0; j < ny; j++) {
      const q0 = this.runs.first[Math.max(0, j - 1)]!;
      const q1 = this.runs.first[Math.min(ny, j + 2)]!;
      if (q0 === q1) continue;
      // Widened intervals of rows j-1..j+1, sorted by start (three sorted lists: insertion sort is enough).
      let n = 0;
      if (q1 - q0 > this.dStart.length) {
        this.dStart = new Int32Array(2 * (q1 - q0));
        this.dEnd = new Int32Array(2 * (q1 - q0));
      }
      for (let q = q0; q < q1; q++) {
        const s = Math.max(0, this.runs.start[q]! - 1);
        const e = Math.min(nx, this.runs.end[q]! + 1);
        let m = n++;
        while (m > 0 && this.dStart[m - 1]! > s) {
          this.dStart[m] = this.dStart[m - 1]!;
          this.dEnd[m] = this.dEnd[m - 1]!;
          m--;
        }
        this.dStart[m] = s;
        this.dEnd[m] = e;
      }
      // Walk the union of the widened intervals against the row's own runs.
      let own = this.runs.first[j]!;
      const ownEnd = this.runs.first[j + 1]!;
      let m = 0;
      while (m < n) {
        const s = this.dStart[m]!;
        let e = this.dEnd[m]!;
        m++;
        while (m < n && this.dStart[m]! <= e) e = Math.max(e, this.dEnd[m++]!);
        // Pixels s..e-1 minus the row's runs.
        let i = s;
        while (own < ownEnd && this.runs.end[own]! <= i) own++;
        for (let q = own; q < ownEnd && this.runs.start[q]! < e; q++) {
          for (let x = i; x < this.runs.start[q]!; x++) {
            const p = nx * j + x;
            if (!inScan || inScan[p]) count[p]!++;
          }
          i = Math.max(i, this.runs.end[q]!);
        }
        for (let x = i; x < e; x++) {
          const p = nx * j + x;
          if (!inScan || inScan[p]) count[p]!++;
        }
      }
    }
  }

  /** count[p]++ for every pixel of the slice's thick part: occupied, holes filled, opened by a disc of `radius`. */
  countThickPart(count: Uint16Array, inScan: Uint8Array | undefined, radius: number): void {
    const { nx, ny } = this;
    if (this.runs.count === 0) return;
    let i0 = nx;
    let i1 = -1;
    let j0 = -1;
    let j1 = -1;
    for (let j = 0; j < ny; j++) {
      const a = this.runs.first[j]!;
      const b = this.runs.first[j + 1]!;
      if (a === b) continue;
      if (j0 < 0) j0 = j;
      j1 = j;
      i0 = Math.min(i0, this.runs.start[a]!);
      i1 = Math.max(i1, this.runs.end[b - 1]! - 1);
    }
    const ci0 = Math.max(0, i0 - 1);
    const ci1 = Math.min(nx - 1, i1 + 1);
    const cj0 = Math.max(0, j0 - 1);
    const cj1 = Math.min(ny - 1, j1 + 1);
    const w = ci1 - ci0 + 1;
    const h = cj1 - cj0 + 1;
    const box = new Uint8Array(w * h);
    for (let j = j0; j <= j1; j++)
      for (let q = this.runs.first[j]!; q < this.runs.first[j + 1]!; q++)
        box.fill(1, w * (j - cj0) + this.runs.start[q]! - ci0, w * (j - cj0) + this.runs.end[q]! - ci0);
    fillHolesAxial(box, [w, h, 1]);
    const thick = open2d(box, w, h, radius);
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) {
        const p = ci0 + i + nx * (cj0 + j);
        if (thick[i + w * j] && (!inScan || inScan[p])) count[p]!++;
      }
  }
}
