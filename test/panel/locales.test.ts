import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergedLocales } from '../../scripts/locales-plugin'

const ROOT = join(import.meta.dirname, '../..')
const LOCALES = join(ROOT, 'src/locales')
type Messages = Record<string, { message: string }>
const read = (lang: string, file: string): Messages =>
  JSON.parse(readFileSync(join(LOCALES, lang, file), 'utf8')) as Messages
const en = read('en', 'ui.json')
const vi = read('vi', 'ui.json')
const merged = mergedLocales(LOCALES) as Record<string, Messages>

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return /\.tsx?$/.test(name) ? [p] : []
  })
}
const code = sources(join(ROOT, 'src/panel')).map((p) => ({ p, text: readFileSync(p, 'utf8') }))
const params = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

describe('ui.json', () => {
  it('has the same keys in English and Vietnamese, all ui_*, ASCII, no $', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort())
    for (const [k, v] of Object.entries(en)) {
      expect(k).toMatch(/^ui_[A-Za-z0-9_]+$/)
      expect(v.message).not.toContain('$')
      expect(vi[k]!.message).not.toContain('$')
      expect(v.message.trim()).not.toBe('')
      expect(params(vi[k]!.message), k).toEqual(params(v.message))
    }
  })

  it('merges with the other locale files without duplicate ids', () => {
    expect(Object.keys(merged.en!)).toEqual(expect.arrayContaining(Object.keys(en)))
    expect(Object.keys(merged.vi!)).toEqual(expect.arrayContaining(Object.keys(vi)))
  })

  it('defines every message id the panel code names', () => {
    const missing: string[] = []
    for (const { p, text } of code) {
      for (const m of text.matchAll(
        /['`]((?:ui|rpt|src|evsrc|severity|kind|status_meaning)_[a-z0-9_]+)['`]/g,
      )) {
        if (!(m[1]! in merged.en!)) missing.push(`${m[1]} (${p.slice(ROOT.length)})`)
      }
    }
    expect(missing).toEqual([])
  })

  it('defines every id the panel builds from data', () => {
    // Each kind's title, summary and short label (in src/core/kinds.ts): test/core/kinds.test.ts.
    const ids = [
      ...['response', 'probe', 'traffic', 'openapi', 'cors'].map((g) => `ui_src_${g}`),
      ...['app', 'edge', 'static'].map((r) => `ui_role_${r}`),
      ...['pending', 'done', 'no_permission', 'refused', 'error'].map((s) => `ui_probe_state_${s}`),
      ...['exists', 'missing', 'unknown'].map((v) => `ui_verdict_${v}`),
      ...['error', 'warning', 'info'].map((s) => `severity_${s}`),
      ...['response_allow', 'probe_allow', 'probe_cors', 'head', 'get', 'traffic', 'openapi'].map(
        (s) => `src_${s}`,
      ),
      ...['response', 'request', 'redirect', 'probe', 'traffic', 'openapi', 'fingerprint'].map(
        (s) => `evsrc_${s}`,
      ),
    ]
    for (const lang of ['en', 'vi']) expect(ids.filter((id) => !(id in merged[lang]!))).toEqual([])
  })
})

describe('panel source', () => {
  it('has no user-visible string literals in JSX (text or labelling attributes)', () => {
    const offenders: string[] = []
    for (const { p, text } of code.filter((c) => c.p.endsWith('.tsx'))) {
      for (const m of text.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*)"/g)) {
        if (/[A-Za-z]/.test(m[2]!)) offenders.push(`${p.slice(ROOT.length)}: ${m[0]}`)
      }
      for (const m of text.matchAll(/(?<!=)>\s*([^<>{}()=;]*[A-Za-z]{2,}[^<>{}()=;]*)\s*</g)) {
        offenders.push(`${p.slice(ROOT.length)}: ${m[1]!.trim()}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('never renders HTML from data', () => {
    for (const { p, text } of code) {
      expect(text, p).not.toMatch(
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
      )
    }
  })

  it('uses browser.* through the polyfill, never chrome.*', () => {
    for (const { p, text } of code) expect(text, p).not.toMatch(/\bchrome\.\w/)
  })
})
