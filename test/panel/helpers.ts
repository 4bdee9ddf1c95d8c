import { Engine } from '../../src/core/engine'
import type { Finding } from '../../src/core/types'
import { scenarioEntries } from '../../src/panel/shell/fixtures'

/** Real findings: the core Engine over the shell's HAR entries (one or more per kind). */
export function demoFindings(): Finding[] {
  const e = new Engine()
  for (const x of scenarioEntries()) e.add(x)
  return e.findings()
}

/** A copy with other fields, for upsert tests (the engine would produce the same shape). */
export function variant(f: Finding, patch: Partial<Finding>): Finding {
  return { ...f, ...patch }
}
