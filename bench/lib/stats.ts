/** Order statistics over samples; all return NaN for an empty list. */

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}

/** Nearest-rank quantile, q in [0, 1]. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN
  const s = sorted(xs)
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))
  return s[i]!
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = sorted(xs)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length
}

export function max(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)
}

export interface Summary {
  n: number
  median: number
  p90: number
  p99: number
  max: number
  mean: number
}

export function summarize(xs: readonly number[]): Summary {
  return {
    n: xs.length,
    median: median(xs),
    p90: quantile(xs, 0.9),
    p99: quantile(xs, 0.99),
    max: max(xs),
    mean: mean(xs),
  }
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x
  const a = Math.abs(x)
  if (a >= 100) return Math.round(x)
  if (a >= 10) return Math.round(x * 10) / 10
  if (a >= 1) return Math.round(x * 100) / 100
  return Number(x.toPrecision(3))
}
