import type fc from 'fast-check'

/**
 * Total cases across the fuzz suite: ~5,000 in `npm test`, 100,000 with `npm run fuzz`.
 * Each property takes a share, so the suite's cost scales with one number.
 */
export const TOTAL_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 5000) || 5000)

/** Replay a failure: FUZZ_SEED=<seed> (and FUZZ_PATH=<path>) from fast-check's report. */
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
const path = process.env.FUZZ_PATH

export function runsFor(share: number, min = 10): number {
  return Math.max(min, Math.round(TOTAL_RUNS * share))
}

export function params(share: number, min = 10): fc.Parameters<unknown> {
  return {
    numRuns: runsFor(share, min),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(path !== undefined ? { path } : {}),
  }
}

/** vitest timeout for a property: generous per case, so 100,000 runs never hit the default 5 s. */
export function timeoutFor(share: number, msPerRun = 20, min = 10): number {
  return Math.max(30_000, runsFor(share, min) * msPerRun)
}
