/** Append-only typed arrays that double their capacity (amortised O(1) push without boxing numbers). */
export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;
  constructor(initialCapacity = 1 << 12) {
    this.data = new Float32Array(Math.max(16, initialCapacity));
  }
  push3(x: number, y: number, z: number): void {
    if (this.length + 3 > this.data.length) this.grow();
    this.data[this.length] = x;
    this.data[this.length + 1] = y;
    this.data[this.length + 2] = z;
    this.length += 3;
  }
  private grow(): void {
    const next = new Float32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  /** A right-sized copy (owns its buffer, so it can be transferred). */
  toArray(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableUint32 {
  private data: Uint32Array;
  length = 0;
  constructor(initialCapacity = 1 << 12) {
    this.data = new Uint32Array(Math.max(16, initialCapacity));
  }
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) this.grow();
    this.data[this.length] = a;
    this.data[this.length + 1] = b;
    this.data[this.length + 2] = c;
    this.length += 3;
  }
  private grow(): void {
    const next = new Uint32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
