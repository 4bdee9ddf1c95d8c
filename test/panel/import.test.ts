import { describe, expect, it } from 'vitest'
import { scenarioEntries } from '../../dev/shell/scenarios'
import { FINDING_KINDS } from '../../src/core/types'
import { MAX_IMPORT_BYTES, precheck } from '../../src/panel/import'
import { analyzeImportedHarText } from '../../src/panel/import-analysis'

describe('HAR import', () => {
  it('refuses files above 200 MB and empty files before reading them', () => {
    expect(precheck('big.har', MAX_IMPORT_BYTES + 1)?.id).toBe('ui_import_err_too_large')
    expect(precheck('big.har', MAX_IMPORT_BYTES + 1)?.params).toMatchObject({ name: 'big.har', limit: '200' })
    expect(precheck('empty.har', 0)?.id).toBe('ui_import_err_empty')
    expect(precheck('ok.har', 1000)).toBeNull()
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
    expect(r.ok && r.skipped).toBe(1)
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
