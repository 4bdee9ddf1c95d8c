/**
 * An imported HAR file's findings: its bytes read as a stream (core/har-stream.ts), fed to the core
 * Engine. A lazy chunk of import.ts: the DevTools path never loads it.
 */
import { Engine } from '../core/engine'
import { readHarBytes } from '../core/har-bytes'
import { type HarByteSource, type HarStreamError, readHarStream } from '../core/har-stream'
import type { Finding } from '../core/types'

export type ImportAnalysis =
  | { ok: true; findings: Finding[]; requests: number; skipped: { values: number; bytes: number } }
  | { ok: false; error: HarStreamError['code'] }

export interface ImportOptions {
  /** Bytes one entry may hold before it is left out: the panel's share of memory for one entry. */
  maxEntryBytes: number
  onProgress?(bytes: number): void
  signal?: AbortSignal
}

/** The CLI's reader over any source: entries read one at a time, depth and size checked. */
export async function analyzeImportedHar(source: HarByteSource, o: ImportOptions): Promise<ImportAnalysis> {
  let engine = new Engine()
  let skipped = { values: 0, bytes: 0 }
  const error = await readHarStream(source, {
    lean: true,
    maxEntryBytes: o.maxEntryBytes,
    onEntry: (e) => engine.add(e),
    onSkipped: (_i, why) => skipped[why.kind]++,
    // A later `entries` array won: only its entries count.
    onRestart: () => {
      engine = new Engine()
      skipped = { values: 0, bytes: 0 }
    },
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  })
  if (error) return { ok: false, error: error.code }
  return { ok: true, findings: engine.findings(), requests: engine.entries, skipped }
}

/** The same for a document already in memory (the inline shell, tests). */
export function analyzeImportedHarText(text: string): ImportAnalysis {
  let engine = new Engine()
  let skipped = { values: 0, bytes: 0 }
  const error = readHarBytes(
    new TextEncoder().encode(text),
    (e) => engine.add(e),
    (_i, why) => skipped[why.kind]++,
    {
      lean: true,
      onRestart: () => {
        engine = new Engine()
        skipped = { values: 0, bytes: 0 }
      },
    },
  )
  if (error) return { ok: false, error: error.code }
  return { ok: true, findings: engine.findings(), requests: engine.entries, skipped }
}
