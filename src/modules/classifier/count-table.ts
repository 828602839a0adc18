/**
 * Bucket -> weighted count accumulator for one document. Feature extraction adds a few hundred
 * entries per ticket, and a Map per ticket (with its boxed doubles) was most of the extraction time;
 * an open-addressing table in typed arrays, cleared through its list of used slots, is reused
 * across documents instead.
 */
export class CountTable {
  private keys: Int32Array;
  private values: Float64Array;
  private used: Int32Array;
  private size = 0;
  private mask: number;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Float64Array(capacity);
    this.used = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** `key` must be a non-negative 31-bit integer. */
  add(key: number, weight: number): void {
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const current = this.keys[slot]!;
      if (current === key) {
        this.values[slot]! += weight;
        return;
      }
      if (current === -1) break;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = key;
    this.values[slot] = weight;
    this.used[this.size++] = slot;
    // Keep the load at most 1/2 so probe chains stay short.
    if (this.size * 2 > this.keys.length) this.grow();
  }

  get count(): number {
    return this.size;
  }

  /**
   * Copies out the entries in insertion order (deterministic for a given input, which is all the
   * model's reproducibility needs) and empties the table. Sorting them was measured: it made feature
   * extraction ~25% slower for no gain in training or prediction speed.
   */
  drain(): { keys: Int32Array; values: Float32Array } {
    const keys = new Int32Array(this.size);
    const values = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i]!;
      keys[i] = this.keys[slot]!;
      values[i] = this.values[slot]!;
      this.keys[slot] = -1;
    }
    this.size = 0;
    return { keys, values };
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldUsed = this.used.slice(0, this.size);
    const capacity = oldKeys.length * 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Float64Array(capacity);
    this.used = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (const slot of oldUsed) this.add(oldKeys[slot]!, oldValues[slot]!);
  }
}
