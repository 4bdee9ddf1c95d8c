import { Engine } from './engine'
import { harEntries } from './har'
import type { Finding, ProbeResult } from './types'

/** Batch analysis of a whole HAR document: the same engine the panel feeds one entry at a time. */
export function analyzeHar(doc: unknown, probes: readonly ProbeResult[] = []): Finding[] {
  const engine = new Engine()
  for (const entry of harEntries(doc)) engine.add(entry)
  for (const p of probes) engine.addProbe(p)
  return engine.findings()
}
