/**
 * The keys a ticket cache has written since it was empty (levelTicketCache.ts), as a Bloom filter:
 * it may say a key was written that was not, never the reverse. A first download asks it before
 * reading the copies its tickets replace: a key it never held cannot be in LevelDB, so the read is
 * skipped, and a wrong "may" costs only the read it would have made anyway
 * (docs/performance.md, "First download, third round").
 *
 * 2^24 bits (2 MiB) and 7 probes: under 0.1 % of answers wrong at 1,000,000 keys, 2 % at 2,000,000;
 * past that more reads are made, never fewer than needed. Probes by double hashing of two 32-bit
 * FNV-1a hashes, each mixed by MurmurHash3's finaliser since FNV's low bits (the ones a probe
 * uses) mix poorly (Kirsch and Mitzenmacher, "Less hashing, same performance", 2006).
 */
const bitCount = 2 ** 24;
const probes = 7;

export class WrittenKeys {
  private readonly bits = new Uint32Array(bitCount / 32);

  add(key: string): void {
    const [first, step] = hashes(key);
    for (let i = 0; i < probes; i += 1) {
      const bit = (first + Math.imul(i, step)) & (bitCount - 1);
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
  }

  /** False: the key was never added. True: it may have been. */
  mayHold(key: string): boolean {
    const [first, step] = hashes(key);
    for (let i = 0; i < probes; i += 1) {
      const bit = (first + Math.imul(i, step)) & (bitCount - 1);
      if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** FNV-1a over the key's UTF-16 units from two offset bases, mixed; the second odd, so probes differ. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x6a09e667;
  for (let i = 0; i < key.length; i += 1) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193);
  }
  return [mixed(a), mixed(b) | 1];
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function mixed(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
