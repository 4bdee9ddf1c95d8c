/**
 * One cold process: parse a workload, then feed the built engine one entry at a time as the
 * devtools page does (capture.ts: `engine.add` per entry; `takeChanges` + `takeProbeTargets`
 * per publish). Prints per-entry timings as JSON on stdout.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { Engine as EngineClass } from '../../src/core/engine'

const [file, corePath, sliceArg] = process.argv.slice(2)
if (!file || !corePath) throw new Error('usage: child.ts <har> <core/index.js> [slice]')
/** Entries between publishes: capture.ts drains up to 400 per slice and publishes at most every 100 ms. */
const slice = Number(sliceArg ?? 400)

const core = (await import(pathToFileURL(corePath).href)) as { Engine: typeof EngineClass }
const entries = (JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } }).log.entries
const engine = new core.Engine()
const addUs = new Float64Array(entries.length)
const publishUs: number[] = []
let upserts = 0
const started = performance.now()
for (let i = 0; i < entries.length; i++) {
  const t0 = performance.now()
  engine.add(entries[i])
  addUs[i] = (performance.now() - t0) * 1000
  if ((i + 1) % slice === 0 || i === entries.length - 1) {
    const t1 = performance.now()
    upserts += engine.takeChanges().upserts.length
    engine.takeProbeTargets()
    publishUs.push((performance.now() - t1) * 1000)
  }
}
const totalMs = performance.now() - started
process.stdout.write(
  JSON.stringify({
    addUs: Array.from(addUs),
    publishUs,
    totalMs,
    entries: engine.entries,
    findings: engine.findingCount,
    upserts,
  }),
)
