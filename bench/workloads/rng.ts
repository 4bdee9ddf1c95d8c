/** A small seeded PRNG (mulberry32): the same seed gives the same workload on every machine. */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!
  }

  /** Skewed index in [0, n): low indexes come up far more often (popular endpoints). */
  skewed(n: number, power = 2.5): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** power))
  }

  /** Log-uniform integer in [lo, hi]. */
  logUniform(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))))
  }

  /** Exponentially distributed, with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }

  hex(len: number): string {
    let s = ''
    while (s.length < len) s += this.int(0x10000).toString(16).padStart(4, '0')
    return s.slice(0, len)
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n)
    for (let i = 0; i < n; i += 4) b.writeUInt32LE(this.int(0x100000000), Math.min(i, n - 4))
    return b
  }
}
