import { resolve } from 'node:path'

/** Repository root and the benchmark's own output folder (gitignored). */
export const ROOT = resolve(import.meta.dirname, '../..')
export const OUT = resolve(ROOT, 'bench/out')
/** Builds made for the benchmark, so `dist/` (used by other suites) is never touched. */
export const BUILD = resolve(OUT, 'build')
export const CHROME_DIST = resolve(BUILD, 'chrome')
export const LIB_DIST = resolve(BUILD, 'lib')
export const CLI_JS = resolve(LIB_DIST, 'cli.js')
export const CORE_JS = resolve(LIB_DIST, 'core/index.js')
export const WORKLOADS = resolve(OUT, 'workloads')
export const RUNS = resolve(OUT, 'runs')
export const PROFILES = resolve(OUT, 'profiles')
export const RESULTS = resolve(OUT, 'results.json')

export function workloadPath(entries: number): string {
  return resolve(WORKLOADS, `har-${sizeLabel(entries)}.har`)
}

/** 1000 → "1k", 100000 → "100k". */
export function sizeLabel(entries: number): string {
  return entries % 1000 === 0 ? `${entries / 1000}k` : String(entries)
}
