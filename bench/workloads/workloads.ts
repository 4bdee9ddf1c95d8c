import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { ROOT, WORKLOADS, workloadPath } from '../lib/paths'
import { generateHar, type WorkloadStats } from './generate'
import { SOURCES } from './templates'

export const WORKLOAD_SIZES = [1_000, 10_000, 100_000] as const
export const SEED = 405

export interface Workload {
  entries: number
  file: string
  stats: WorkloadStats
}

/** What the files depend on: generator code, recordings and seed. A change regenerates them. */
export function fingerprint(): string {
  const h = createHash('sha256')
  h.update(String(SEED))
  for (const f of [
    'bench/workloads/generate.ts',
    'bench/workloads/templates.ts',
    'bench/workloads/rng.ts',
    ...SOURCES,
  ]) {
    h.update(readFileSync(resolve(ROOT, f)))
  }
  return h.digest('hex').slice(0, 16)
}

interface Manifest {
  fingerprint: string
  stats: WorkloadStats
}

/** Generates the workloads that are missing or stale; reuses the rest. */
export async function ensureWorkloads(sizes: readonly number[], force = false): Promise<Workload[]> {
  mkdirSync(WORKLOADS, { recursive: true })
  const fp = fingerprint()
  const out: Workload[] = []
  for (const entries of sizes) {
    const file = workloadPath(entries)
    const manifestFile = `${file}.json`
    let manifest: Manifest | null = null
    if (!force && existsSync(file) && existsSync(manifestFile)) {
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
      if (m.fingerprint === fp) manifest = m
    }
    if (!manifest) {
      log(`generating ${entries} entries → ${file}`)
      manifest = { fingerprint: fp, stats: await generateHar(file, entries, SEED) }
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
    }
    out.push({ entries, file, stats: manifest.stats })
  }
  return out
}
