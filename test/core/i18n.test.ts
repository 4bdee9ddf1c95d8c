import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FINGERPRINTS } from '../../src/core/fingerprints'
import { createTranslator, pickLang } from '../../src/core/i18n'
import { FINDING_MESSAGES } from '../../src/core/messages-bundle'
import { mergedMessages } from '../helpers/locales'

const en = mergedMessages('en')
const vi = mergedMessages('vi')

describe('texts in both languages', () => {
  // Each kind's rule, title, summary and short label: test/core/kinds.test.ts.
  it('every message id exists in both languages with the same placeholders', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort())
    for (const [id, { message }] of Object.entries(en)) {
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(params(vi[id]!.message), id).toEqual(params(message))
    }
  })

  it('message ids and texts are valid for browser.i18n (_locales)', () => {
    for (const [id, { message }] of Object.entries(en)) {
      expect(id).toMatch(/^[A-Za-z0-9_]+$/)
      expect(message, id).not.toContain('$')
    }
  })

  it('every fingerprinted framework has a server-side fix in both languages', () => {
    for (const row of FINGERPRINTS) {
      const id = `fw_${row.id.replace(/-/g, '_')}_fix`
      expect(en[id], id).toBeDefined()
      expect(vi[id], id).toBeDefined()
    }
  })

  it('every text id the rules can emit resolves (scanned from the rule sources)', () => {
    const dir = join(import.meta.dirname, '../../src/core')
    const sources = [
      ...readdirSync(join(dir, 'rules')).map((f) => join(dir, 'rules', f)),
      join(dir, 'allowed.ts'),
    ]
    const ids = new Set<string>()
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:ev|cause|fix|prev|note)_[a-z0-9_]+)'/g))
        ids.add(m[1]!)
    }
    expect(ids.size).toBeGreaterThan(40)
    for (const id of ids) expect(FINDING_MESSAGES.en[id], id).toBeDefined()
  })

  it('interpolates parameters and leaves unknown ones visible', () => {
    const tr = createTranslator('en', [{ a: { message: 'x {m} y {n}' } }])
    expect(tr.msg('a', { m: 'POST' })).toBe('x POST y {n}')
    expect(tr.text({ id: 'missing', optional: true })).toBeNull()
    expect(tr.text({ id: 'missing' })).toBe('missing')
  })
})

describe('the language follows the browser until the user picks one', () => {
  it('Vietnamese for any vi tag, English otherwise', () => {
    expect(['vi', 'vi-VN', 'VI-vn', 'vi_VN'].map(pickLang)).toEqual(['vi', 'vi', 'vi', 'vi'])
    expect(['en-US', 'fr', 'vic', '', undefined].map(pickLang)).toEqual(['en', 'en', 'en', 'en', 'en'])
  })
})
