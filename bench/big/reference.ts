/**
 * The findings the CLI must report for a workload: the built engine fed every entry by the
 * benchmark's own streaming read (reference-child.ts), cached per workload, engine build and
 * language in bench/out/runs. The read is checked against the generator's own counts first.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { CORE_JS, LIB_DIST, ROOT, RUNS } from '../lib/paths'
import type { WorkloadStats } from '../workloads/generate'
import type { ComparableFinding } from './compare-findings'

export interface Reference {
  key: string
  stats: { entries: number; bytes: number; failing: number; distinctFailingEndpoints: number }
  ms: number
  peakRssKb: number
  findings: ComparableFinding[]
}

const TSX = resolve(ROOT, 'node_modules/.bin/tsx')
const CHILD = resolve(ROOT, 'bench/big/reference-child.ts')

/** Hash of the built engine (core entry and the chunks it loads): a rebuild with other code invalidates the cache. */
function buildHash(): string {
  const h = createHash('sha256')
  for (const dir of ['core', 'chunks']) {
    const abs = resolve(LIB_DIST, dir)
    for (const f of readdirSync(abs).sort())
      if (f.endsWith('.js')) h.update(f).update(readFileSync(resolve(abs, f)))
  }
  return h.digest('hex').slice(0, 16)
}

function runChild(file: string, lang: string, out: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [CHILD, file, CORE_JS, lang, out], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-4000)
    })
    child.on('error', fail)
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`reference read exited ${code}: ${err.trim().slice(-1000)}`)),
    )
  })
}

export async function referenceFindings(
  file: string,
  label: string,
  workload: { fingerprint: string; stats: WorkloadStats },
  lang: string,
): Promise<Reference & { cached: boolean }> {
  mkdirSync(RUNS, { recursive: true })
  const key = `${workload.fingerprint}-${workload.stats.bytes}-${buildHash()}-${lang}`
  const out = resolve(RUNS, `reference-${label}.json`)
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8')) as Reference
    if (r.key === key) return { ...r, cached: true }
  }
  log(`reference read of ${label} (the engine fed by the bench's own streaming split)`)
  await runChild(file, lang, out)
  const r = { ...(JSON.parse(readFileSync(out, 'utf8')) as Omit<Reference, 'key'>), key }
  const want = workload.stats
  const got = r.stats
  if (
    got.entries !== want.entries ||
    got.bytes !== want.bytes ||
    got.failing !== want.failing ||
    got.distinctFailingEndpoints !== want.distinctFailingEndpoints
  )
    throw new Error(
      `the reference read disagrees with the generator: read ${JSON.stringify(got)}, generated ${JSON.stringify(want)}`,
    )
  writeFileSync(out, JSON.stringify(r))
  return { ...r, cached: false }
}
