/**
 * One fresh `node --expose-gc` process: feeds the built engine the long-session workload one
 * entry at a time, publishing as the devtools page does (`takeChanges` + `takeProbeTargets` every
 * 400 entries), and measures the heap left after a full GC at the checkpoint and at the end. Then
 * checks that every failing endpoint is a finding with its "another method worked here" evidence,
 * labelled approximate exactly when it came from traffic older than the engine remembers exactly.
 * Prints one JSON object on stdout.
 */
import { pathToFileURL } from 'node:url'
import type { Engine as EngineClass } from '../../src/core/engine'
import type { Finding } from '../../src/core/types'
import { type FailingEndpoint, LongWorkload } from './workload'

const [corePath, entriesArg, checkpointArg] = process.argv.slice(2)
if (!corePath || !entriesArg || !checkpointArg)
  throw new Error('usage: child.ts <core/index.js> <entries> <checkpoint>')
const entries = Number(entriesArg)
const checkpoint = Number(checkpointArg)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

/** Approximate traffic evidence: these ids, in the evidence or the allowed methods' notes. */
const APPROX = new Set([
  'ev_other_method_ok_approx',
  'ev_traffic_method_worked_approx',
  'note_traffic_approximate',
])
/** Evidence a finding cites for "another method worked here". */
const OTHER_OK = new Set(['ev_other_method_ok', 'ev_other_method_ok_approx'])

const core = (await import(pathToFileURL(corePath).href)) as { Engine: typeof EngineClass }
const engine = new core.Engine()
const work = new LongWorkload({ entries })

/** The JS heap plus array buffers (the engine's sketch is one), after full collections. */
function heapAfterGc(): number {
  // Twice: the first pass can leave weakly held and finalizable objects for the second.
  gc!()
  gc!()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

let heapAtCheckpoint = Number.NaN
let msToCheckpoint = Number.NaN
let sinceFlush = 0
const started = performance.now()
while (work.count < entries) {
  for (const e of work.next()) engine.add(e)
  sinceFlush++
  if (sinceFlush >= 400 || work.count >= entries) {
    engine.takeChanges()
    engine.takeProbeTargets()
    sinceFlush = 0
  }
  if (Number.isNaN(heapAtCheckpoint) && work.count >= checkpoint) {
    msToCheckpoint = performance.now() - started
    heapAtCheckpoint = heapAfterGc()
  }
}
const totalMs = performance.now() - started
const heapAtEnd = heapAfterGc()

/** The engine's own exact memory of endpoints; past it, a GET is remembered approximately. */
const EXACT_ENDPOINTS = 65_536

const findings = engine.findings()
const byKey = new Map<string, Finding>()
for (const f of findings) {
  const key = `${f.request.method} ${f.request.url.split('?')[0]}`
  // A PUT 405 without Allow is also a missing-allow-header finding: the wrong method speaks for it.
  if (f.kind === 'wrong-method' || !byKey.has(key)) byKey.set(key, f)
}

interface Miss {
  endpoint: string
  why: string
}
const misses: Miss[] = []
let approxExpected = 0
let approxShown = 0
for (const [key, fe] of work.failing) {
  const f = byKey.get(key)
  const miss = (why: string): void => {
    misses.push({ endpoint: key, why })
  }
  if (!f) {
    miss('no finding')
    continue
  }
  const traffic = f.allowed.sources.find((s) => s.source === 'traffic')
  if (!traffic?.methods.includes('GET')) miss('no GET among the methods seen working')
  if (fe.status === 404 && !f.evidence.some((e) => OTHER_OK.has(e.id) && e.params?.methods?.includes('GET')))
    miss('no "another method worked here" evidence')
  const labelled = [...f.evidence.map((e) => e.id), ...f.allowed.notes.map((n) => n.id)].some((id) =>
    APPROX.has(id),
  )
  // Well past the exact tier (counted in entries, which is at least as many as endpoints).
  const aged = agedOut(fe)
  if (aged) approxExpected++
  if (labelled) approxShown++
  if (aged && !labelled) miss('aged-out evidence not labelled approximate')
  if (!aged && fe.firstFailAt - fe.getAt < EXACT_ENDPOINTS / 2 && labelled)
    miss('recent evidence labelled approximate')
  if (f.count !== fe.failures) miss(`count ${f.count}, sent ${fe.failures}`)
}

function agedOut(fe: FailingEndpoint): boolean {
  return fe.firstFailAt - fe.getAt > EXACT_ENDPOINTS * 1.1
}

const rss = process.memoryUsage().rss
process.stdout.write(
  JSON.stringify({
    entries: work.count,
    counted: engine.entries,
    checkpoint,
    heapAtCheckpoint,
    heapAtEnd,
    growth: heapAtEnd - heapAtCheckpoint,
    rss,
    msToCheckpoint,
    totalMs,
    findings: findings.length,
    failingEndpoints: work.failing.size,
    failures: [...work.failing.values()].reduce((n, fe) => n + fe.failures, 0),
    approxExpected,
    approxShown,
    misses: misses.length,
    missSamples: misses.slice(0, 10),
  }),
)
