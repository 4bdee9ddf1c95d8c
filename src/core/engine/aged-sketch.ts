import { hashPair } from '../hash'

/**
 * Keys per generation. Two generations are kept, so the sketch remembers at least the last
 * 524,288 keys that aged out of the exact tier and at most twice that: at 1 % failing traffic on
 * ever-new URLs, an endpoint's success is remembered for half a million later endpoints.
 */
export const SKETCH_KEYS = 1 << 19
/** Bits per key: with BLOOM_HASHES, a false positive rate of about 1e-5 at a generation's capacity. */
export const BITS_PER_KEY = 24
/** The optimal count for 24 bits a key: round(24 × ln 2) = 17. */
export const BLOOM_HASHES = 17

/** Murmur3's finaliser: spreads FNV's weak low bits before they pick a bit. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** One Bloom filter of fixed bits and its bookkeeping. */
interface Generation {
  bits: Uint32Array
  keys: number
  /** The latest traffic time when this generation stopped taking keys (null while it still does). */
  closedAt: number | null
}

/**
 * What aged out of an exact index, remembered approximately in fixed memory: two rotating
 * generations of a Bloom filter. `has` can say yes for a key never added (about 1e-5 at a full
 * generation, twice that over both), never no for one added since the last drop. A dropped
 * generation's keys are forgotten: `forgottenBefore` says from when on nothing was.
 */
export class AgedSketch {
  private current: Generation | null = null
  private previous: Generation | null = null
  /** Traffic before this time may have been forgotten (null while nothing was). */
  forgottenBefore: number | null = null
  /** 32-bit words of one generation. */
  private readonly words: number

  constructor(
    private readonly capacity = SKETCH_KEYS,
    private readonly hashes = BLOOM_HASHES,
    bitsPerKey = BITS_PER_KEY,
  ) {
    this.words = Math.ceil((capacity * bitsPerKey) / 32)
  }

  /** Nothing aged out yet: lookups can be skipped. */
  get empty(): boolean {
    return this.current === null
  }

  /** Remembers a key; `now` is the latest traffic time (when the next rotation closes a generation). */
  add(key: string, now: number): void {
    if (this.current === null) {
      // Both generations at once: the sketch's memory is fixed from the first key on.
      this.current = this.generation(null)
      this.previous = this.generation(null)
    } else if (this.current.keys >= this.capacity) this.rotate(now)
    const g = this.current!
    const [h, d] = this.start(key)
    this.each(h, d, (i) => {
      g.bits[i >>> 5]! |= 1 << (i & 31)
      return true
    })
    g.keys++
  }

  has(key: string): boolean {
    const [h, d] = this.start(key)
    for (const g of [this.current, this.previous]) {
      if (g === null || g.keys === 0) continue
      let all = true
      this.each(h, d, (i) => {
        all = (g.bits[i >>> 5]! & (1 << (i & 31))) !== 0
        return all
      })
      if (all) return true
    }
    return false
  }

  clear(): void {
    this.current = null
    this.previous = null
    this.forgottenBefore = null
  }

  /** The current generation is full: it becomes the previous one, whose keys are forgotten. */
  private rotate(now: number): void {
    const dropped = this.previous!
    if (dropped.closedAt !== null)
      this.forgottenBefore = Math.max(this.forgottenBefore ?? dropped.closedAt, dropped.closedAt)
    this.current!.closedAt = now
    this.previous = this.current
    // The dropped generation's memory is reused: the sketch's size never changes after this.
    this.current = this.generation(dropped)
  }

  private generation(reuse: Generation | null): Generation {
    if (reuse) {
      reuse.bits.fill(0)
      reuse.keys = 0
      reuse.closedAt = null
      return reuse
    }
    return { bits: new Uint32Array(this.words), keys: 0, closedAt: null }
  }

  /** The first bit position and the step, from two independent hashes of the key. */
  private start(key: string): [number, number] {
    const bits = this.words * 32
    const [a, b] = hashPair(key)
    return [mix(a) % bits, mix(b ^ 0x5bd1e995) % bits]
  }

  /** Calls `visit` with each bit position (enhanced double hashing) until it returns false. */
  private each(h: number, d: number, visit: (i: number) => boolean): void {
    const bits = this.words * 32
    for (let i = 0; i < this.hashes; i++) {
      if (!visit(h)) return
      h = (h + d) % bits
      d = (d + i + 1) % bits
    }
  }
}
