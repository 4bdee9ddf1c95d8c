import { describe, expect, it } from 'vitest'
import { scenarioEntries } from '../../dev/shell/scenarios'
import { FINDING_KINDS } from '../../src/core/types'
import { fileSource, MAX_IMPORT_ENTRY_BYTES, precheck } from '../../src/panel/import'
import { analyzeImportedHar, analyzeImportedHarText } from '../../src/panel/import-analysis'

describe('HAR import', () => {
  it('refuses an empty file before reading it; no size is refused up front', () => {
    expect(precheck('empty.har', 0)?.id).toBe('ui_import_err_empty')
    expect(precheck('ok.har', 1000)).toBeNull()
    expect(precheck('huge.har', 4 * 1024 ** 3)).toBeNull()
  })

  it('reads a File as a stream: progress as it goes, the same findings, cancellable midway', async () => {
    const text = JSON.stringify({ log: { entries: scenarioEntries() } })
    const file = new Blob([text])
    const seen: number[] = []
    const r = await analyzeImportedHar(fileSource(file), {
      maxEntryBytes: MAX_IMPORT_ENTRY_BYTES,
      onProgress: (b) => seen.push(b),
    })
    expect(r).toEqual(analyzeImportedHarText(text))
    expect(seen.at(-1)).toBe(new TextEncoder().encode(text).length)
    // Cancel after the first chunk: the reading stops there and says so.
    const big = new Blob(Array.from({ length: 64 }, () => `${' '.repeat(64 * 1024)}`).concat([text]))
    const abort = new AbortController()
    let chunks = 0
    const cancelled = await analyzeImportedHar(fileSource(big), {
      maxEntryBytes: MAX_IMPORT_ENTRY_BYTES,
      signal: abort.signal,
      onProgress: () => {
        chunks++
        abort.abort()
      },
    })
    expect(cancelled).toEqual({ ok: false, error: 'cancelled' })
    expect(chunks).toBe(1)
  })

  it('names the problem without a stack trace', () => {
    expect(analyzeImportedHarText('{"log": {"entries": [')).toEqual({ ok: false, error: 'json' })
    expect(analyzeImportedHarText('\u0000\u0001binary')).toEqual({ ok: false, error: 'binary' })
    expect(analyzeImportedHarText('   \n ')).toEqual({ ok: false, error: 'empty' })
    expect(analyzeImportedHarText('{"hello": 1}')).toEqual({ ok: false, error: 'not-har' })
    expect(analyzeImportedHarText('[]')).toEqual({ ok: false, error: 'not-har' })
    expect(analyzeImportedHarText('{"log": {"entries": []}} trailing')).toEqual({ ok: false, error: 'json' })
  })

  it("reads a colleague's file with the CLI's guards: a nesting bomb is refused unparsed, a crafted entry skipped", () => {
    const bomb = `{"log": {"entries": [${'['.repeat(5000)}${']'.repeat(5000)}]}}`
    expect(analyzeImportedHarText(bomb)).toEqual({ ok: false, error: 'too-deep' })
    const ok = scenarioEntries()
    const crafted = {
      request: { method: 'POST', url: 'http://x.test/a' },
      response: { status: 405 },
      pad: new Array(1_000_001).fill(0),
    }
    const r = analyzeImportedHarText(JSON.stringify({ log: { entries: [ok[0], crafted, ...ok.slice(1)] } }))
    expect(r.ok && r.skipped).toEqual({ values: 1, bytes: 0 })
    expect(r.ok && r.requests).toBe(ok.length)
  })

  it('analyses a HAR with the core engine (BOM tolerated)', () => {
    const text = `\ufeff${JSON.stringify({ log: { entries: scenarioEntries() } })}`
    const r = analyzeImportedHarText(text)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.requests).toBe(scenarioEntries().length)
    expect(new Set(r.findings.map((f) => f.kind))).toEqual(new Set(FINDING_KINDS))
  })
})
