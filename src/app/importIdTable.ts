const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMPTY = 0;
const PAGE_BITS = 14;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

/**
 * Event ids to entry numbers (0, 1, 2, … given by the caller), for an import's million
 * ids: a lower-case UUID is kept as four 32-bit words in a typed array and found by open
 * addressing, about 24 bytes an id where a Map of strings takes over 100 and keeps the
 * garbage collector busy; any other id goes to a Map.
 */
export class IdTable {
  /** Four words per entry, in fixed-size pages: growing never copies them. */
  private readonly pages: Int32Array[] = [];
  /** entry + 1 per slot, EMPTY when free; a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private used = 0;
  private readonly others = new Map<string, number>();
  private readonly key = new Int32Array(4);

  get(id: string): number | undefined {
    if (!this.parse(id)) return this.others.get(id);
    const slot = this.slots[this.find()]!;
    return slot === EMPTY ? undefined : slot - 1;
  }

  set(id: string, entry: number): void {
    if (!this.parse(id)) {
      this.others.set(id, entry);
      return;
    }
    while (this.pages.length <= entry >>> PAGE_BITS) this.pages.push(new Int32Array(4 << PAGE_BITS));
    this.pages[entry >>> PAGE_BITS]!.set(this.key, 4 * (entry & PAGE_MASK));
    const at = this.find();
    if (this.slots[at] === EMPTY) this.used++;
    this.slots[at] = entry + 1;
    if (2 * this.used > this.slots.length) this.rehash();
  }

  /** Reads a lower-case UUID into `key`; false for any other id. */
  private parse(id: string): boolean {
    if (id.length !== 36 || !UUID.test(id)) return false;
    this.key[0] = parseInt(id.slice(0, 8), 16);
    this.key[1] = parseInt(id.slice(9, 13) + id.slice(14, 18), 16);
    this.key[2] = parseInt(id.slice(19, 23) + id.slice(24, 28), 16);
    this.key[3] = parseInt(id.slice(28, 36), 16);
    return true;
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(): number {
    const a = this.key[0]!;
    const b = this.key[1]!;
    const c = this.key[2]!;
    const d = this.key[3]!;
    const mask = this.slots.length - 1;
    for (let at = hash(a, b, c, d) & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at]!;
      if (slot === EMPTY) return at;
      const words = this.pages[(slot - 1) >>> PAGE_BITS]!;
      const w = 4 * ((slot - 1) & PAGE_MASK);
      if (words[w] === a && words[w + 1] === b && words[w + 2] === c && words[w + 3] === d) return at;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const slot of old) {
      if (slot === EMPTY) continue;
      const words = this.pages[(slot - 1) >>> PAGE_BITS]!;
      const w = 4 * ((slot - 1) & PAGE_MASK);
      let at = hash(words[w]!, words[w + 1]!, words[w + 2]!, words[w + 3]!) & mask;
      while (this.slots[at] !== EMPTY) at = (at + 1) & mask;
      this.slots[at] = slot;
    }
  }
}

/** Mixes all four words: ids need not be random (test fixtures, time-based UUIDs). */
function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (a >>> 15), 0x85ebca77) ^ Math.imul(c ^ (b >>> 13), 0xc2b2ae3d) ^ Math.imul(d ^ (c >>> 16), 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
