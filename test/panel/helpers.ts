import { scenarioEntries } from '../../dev/shell/scenarios'
import { Engine } from '../../src/core/engine'
import type { Finding } from '../../src/core/types'

/** The core Engine fed the shell's HAR entries (one or more findings per kind). */
export function demoEngine(): Engine {
  const e = new Engine()
  for (const x of scenarioEntries()) e.add(x)
  return e
}

/** Real findings: the core Engine over the shell's HAR entries. */
export function demoFindings(): Finding[] {
  return demoEngine().findings()
}

/** A copy with other fields, for upsert tests (the engine would produce the same shape). */
export function variant(f: Finding, patch: Partial<Finding>): Finding {
  return { ...f, ...patch }
}
