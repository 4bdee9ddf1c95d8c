/** HAR text → findings with the core Engine. A lazy chunk: the DevTools path never loads it. */
import { Engine } from '../core/engine'
import { harEntries } from '../core/har'
import type { Finding } from '../core/types'

export type AnalyseResult =
  | { ok: true; findings: Finding[]; requests: number }
  | { ok: false; error: 'not-json' | 'not-har' }

export function analyseHarText(text: string): AnalyseResult {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch {
    return { ok: false, error: 'not-json' }
  }
  let entries: unknown[]
  try {
    entries = harEntries(doc)
  } catch {
    return { ok: false, error: 'not-har' }
  }
  const engine = new Engine()
  for (const e of entries) engine.add(e)
  return { ok: true, findings: engine.findings(), requests: engine.entries }
}
