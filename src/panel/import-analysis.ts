/**
 * An imported HAR file's findings: its bytes read with the bounded reader, fed to the core Engine.
 * A lazy chunk of import.ts: the DevTools path never loads it.
 */
import { Engine } from '../core/engine'
import { type HarBytesError, readHarBytes } from '../core/har-bytes'
import type { Finding } from '../core/types'

export type ImportAnalysis =
  | { ok: true; findings: Finding[]; requests: number; skipped: number }
  | { ok: false; error: HarBytesError['code'] }

/** The CLI's reader: each entry parsed on its own, depth and size checked, the rest validated. */
export function analyzeImportedHar(bytes: Uint8Array): ImportAnalysis {
  const engine = new Engine()
  let skipped = 0
  const error = readHarBytes(
    bytes,
    (e) => engine.add(e),
    () => skipped++,
  )
  if (error) return { ok: false, error: error.code }
  return { ok: true, findings: engine.findings(), requests: engine.entries, skipped }
}

export function analyzeImportedHarText(text: string): ImportAnalysis {
  return analyzeImportedHar(new TextEncoder().encode(text))
}
