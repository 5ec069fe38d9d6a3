/**
 * One axial slice as row runs [start, end) (rows in order, runs left to right), and the 3x3-cross opening
 * on runs: interval intersections and unions per row instead of a pass over every pixel.
 */
export class RowRuns {
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  /** Runs of row j: first[j] .. first[j + 1] - 1. */
  readonly first: Int32Array;
  count = 0;
  private row = 0;

  constructor(readonly ny: number) {
    this.first = new Int32Array(ny + 1);
  }

  clear(): void {
    this.count = 0;
    this.row = 0;
    this.first[0] = 0;
  }

  /** Starts row j (rows must come in increasing order; skipped rows are empty). */
  beginRow(j: number): void {
    while (this.row < j) this.first[++this.row] = this.count;
  }

  /** Closes the last rows (call after the last push). */
  finish(): void {
    this.beginRow(this.ny);
  }

  push(s: number, e: number): void {
    if (this.count === this.start.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.count++;
  }
}

/**
 * Opening by the 3x3 cross (erode, then dilate with the 4-neighbourhood) of the slice `t` (nx wide): the
 * erosion keeps pixels off the slice's edge whose 4 neighbours are set; `eroded` is scratch. Calls
 * `emit(j, s, e)` for the opened runs, rows in order, maximal (adjacent pieces joined).
 */
export function crossOpening(
  t: RowRuns,
  nx: number,
  eroded: RowRuns,
  emit: (j: number, s: number, e: number) => void,
): void {
  const ny = t.ny;
  eroded.clear();
  for (let j = 1; j < ny - 1; j++) {
    eroded.beginRow(j);
    // Row j shrunk by one (left and right neighbours set, off the edge columns), then within rows j-1 and j+1.
    let a = t.first[j - 1]!;
    const aEnd = t.first[j]!;
    let b = t.first[j + 1]!;
    const bEnd = t.first[j + 2]!;
    for (let q = t.first[j]!; q < t.first[j + 1]!; q++) {
      const s0 = Math.max(1, t.start[q]! + 1);
      const e0 = Math.min(nx - 1, t.end[q]! - 1);
      if (s0 >= e0) continue;
      // Intersect [s0, e0) with the runs of row j-1, then each piece with the runs of row j+1.
      while (a < aEnd && t.end[a]! <= s0) a++;
      for (let qa = a; qa < aEnd && t.start[qa]! < e0; qa++) {
        const s1 = Math.max(s0, t.start[qa]!);
        const e1 = Math.min(e0, t.end[qa]!);
        if (s1 >= e1) continue;
        while (b < bEnd && t.end[b]! <= s1) b++;
        for (let qb = b; qb < bEnd && t.start[qb]! < e1; qb++) {
          const s2 = Math.max(s1, t.start[qb]!);
          const e2 = Math.min(e1, t.end[qb]!);
          if (s2 < e2) eroded.push(s2, e2);
        }
      }
    }
  }
  eroded.finish();
  // Dilation: row j = its eroded runs widened by one, with the eroded runs of rows j-1 and j+1.
  let dStart = new Int32Array(64);
  let dEnd = new Int32Array(64);
  for (let j = 0; j < ny; j++) {
    const q0 = eroded.first[Math.max(0, j - 1)]!;
    const q1 = eroded.first[Math.min(ny, j + 2)]!;
    if (q0 === q1) continue;
    if (q1 - q0 > dStart.length) {
      dStart = new Int32Array(2 * (q1 - q0));
      dEnd = new Int32Array(2 * (q1 - q0));
    }
    const own0 = eroded.first[j]!;
    const own1 = eroded.first[j + 1]!;
    let n = 0;
    for (let q = q0; q < q1; q++) {
      const widen = q >= own0 && q < own1 ? 1 : 0;
      const s = eroded.start[q]! - widen;
      const e = eroded.end[q]! + widen;
      let m = n++;
      while (m > 0 && dStart[m - 1]! > s) {
        dStart[m] = dStart[m - 1]!;
        dEnd[m] = dEnd[m - 1]!;
        m--;
      }
      dStart[m] = s;
      dEnd[m] = e;
    }
    let m = 0;
    while (m < n) {
      const s = dStart[m]!;
      let e = dEnd[m]!;
      m++;
      while (m < n && dStart[m]! <= e) e = Math.max(e, dEnd[m++]!);
      emit(j, s, e);
    }
  }
}
