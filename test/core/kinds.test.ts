import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { KIND_SHORT_LABELS, shortLabelKey } from '../../src/core/kinds'
import { RULES } from '../../src/core/rules'
import { FINDING_KINDS } from '../../src/core/types'
import { entry } from '../helpers/har'
import { mergedMessages } from '../helpers/locales'

// Everything a finding kind needs outside its rule file: forgetting any one fails here, by name.
const ROOT = join(import.meta.dirname, '../..')

const LANGS = { en: mergedMessages('en'), vi: mergedMessages('vi') }
const schema = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as {
  definitions: { finding: { properties: { kind: { enum: string[] } } } }
}
const reportFormat = readFileSync(join(ROOT, 'docs/report-format.md'), 'utf8')
/** The `kind` row of the findings table. */
const kindRow = reportFormat.split('\n').find((l) => l.startsWith('| `kind` |')) ?? ''

describe.each(FINDING_KINDS)('finding kind %s', (kind) => {
  const k = kind.replace(/-/g, '_')

  it('has exactly one rule', () => {
    expect(RULES.filter((r) => r.kind === kind)).toHaveLength(1)
  })

  it('has a title, a summary and a short label in English and Vietnamese', () => {
    const rule = RULES.find((r) => r.kind === kind)
    // The key is the kind's name in findings.json (the reports print it too), checked just below.
    expect(rule?.shortLabel).toBe(`ui_kind_short_${k}`)
    for (const [lang, m] of Object.entries(LANGS)) {
      for (const id of [`kind_${k}_title`, `kind_${k}_summary`, `ui_kind_short_${k}`])
        expect(m[id]?.message, `${lang} ${id}`).toBeTruthy()
    }
  })

  it("has its rule's short label in the panel's light table (src/core/kinds.ts)", () => {
    const rule = RULES.find((r) => r.kind === kind)
    expect(KIND_SHORT_LABELS[kind]).toBe(rule?.shortLabel)
  })

  it('is in the report schema kind enum', () => {
    expect(schema.definitions.finding.properties.kind.enum).toContain(kind)
  })

  it('is listed in docs/report-format.md', () => {
    expect(kindRow, 'the `kind` row of docs/report-format.md').toContain(`\`${kind}\``)
  })
})

describe('no stray kinds', () => {
  it('every rule written in src/core/rules is in RULES (FindingKind is read from that list)', () => {
    const dir = join(ROOT, 'src/core/rules')
    const written = readdirSync(dir).flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/:\s*Rule<'([a-z-]+)'>\s*=/g)].map((m) => m[1]),
    )
    expect(written.length).toBeGreaterThan(5)
    expect(written.sort()).toEqual(RULES.map((r) => r.kind).sort())
  })

  it('every rule, and every schema enum entry, is a kind in FINDING_KINDS', () => {
    const kinds: readonly string[] = FINDING_KINDS
    for (const r of RULES) expect(kinds, `rule ${r.kind}`).toContain(r.kind)
    for (const e of schema.definitions.finding.properties.kind.enum) expect(kinds, `schema ${e}`).toContain(e)
  })
})

describe('the short label of a kind read from a message', () => {
  it("is its rule's for a kind, and none for any other string (prototype names included)", () => {
    for (const r of RULES) expect(shortLabelKey(r.kind)).toBe(r.shortLabel)
    for (const k of ['wrong_method', 'unknown', '__proto__', 'constructor', 'toString', ''])
      expect(shortLabelKey(k), k).toBeUndefined()
  })
})

describe("the probe depth comes from the rules' own tests", () => {
  const ladderOf = (e: Record<string, unknown>) => {
    const engine = new Engine()
    engine.add(e)
    return engine.takeProbeTargets().map((t) => t.suspect)
  }
  const O = 'http://127.0.0.1:8405'
  it('a write refused with 403 by a relay gets the safe steps; by a routing edge (API Gateway), OPTIONS only', () => {
    expect(
      ladderOf(entry({ method: 'DELETE', url: `${O}/d`, status: 403, headers: { Server: 'awselb/2.0' } })),
    ).toEqual([true])
    // Blocked-by-proxy's edge test excludes routers: the engine no longer keeps a copy without that clause.
    const apiGateway = entry({
      method: 'DELETE',
      url: `${O}/g`,
      status: 403,
      headers: { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException', 'x-amz-apigw-id': 'AbC=' },
      body: '{"message":"Missing Authentication Token"}',
    })
    expect(ladderOf(apiGateway)).toEqual([false])
  })
  it('no probe for a kind whose rule does not ask (post/redirect/get)', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/form`, status: 303, headers: { Location: `${O}/done` } }))
    engine.add(entry({ method: 'GET', url: `${O}/done`, status: 200 }))
    expect(engine.findings().map((f) => f.kind)).toEqual(['post-redirect-get'])
    expect(engine.takeProbeTargets()).toEqual([])
  })
})
