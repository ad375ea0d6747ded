// A binary min-heap of (seconds, node) pairs in typed arrays, grown on demand; entries are never decreased in
// place: a better time is pushed again and the stale entry is skipped when it comes out (lazy deletion).

export class MinHeap {
  private keys: Float64Array;
  private nodes: Uint32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Uint32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  /** Smallest key; only valid while size > 0. */
  get minKey(): number {
    return this.keys[0];
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys, nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      nodes[i] = nodes[p];
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Removes the smallest entry and returns its node (read `minKey` first for its key). */
  pop(): number {
    const keys = this.keys, nodes = this.nodes;
    const top = nodes[0];
    const size = --this.size;
    if (size === 0) return top;
    const key = keys[size], node = nodes[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c];
      nodes[i] = nodes[c];
      i = c;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Uint32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
