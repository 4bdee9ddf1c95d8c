import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scenarios } from '../../e2e/demo-api/scenarios'
import { analyzeHar } from '../../src/core/analyze-har'
import { Engine } from '../../src/core/engine'
import { harEntries } from '../../src/core/har'
import type { Finding } from '../../src/core/types'
import { asHttpToolkitHar } from '../helpers/http-toolkit'

/**
 * HAR files the project recorded from its own demo API: Playwright's recordHar and Chrome's
 * getHAR() in Chromium (e2e/capture.spec.ts), Firefox's getHAR() (e2e/firefox/scenarios.test.ts),
 * each with RECORD_FIXTURES=1.
 */
const FIXTURES = ['demo-playwright.har', 'demo-devtools-gethar.har', 'demo-firefox-gethar.har'].filter((f) =>
  existsSync(join(import.meta.dirname, '../fixtures/har', f)),
)

function load(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/har', name), 'utf8'))
}

function kindsFor(findings: Finding[], method: string, path: string): string[] {
  return findings
    .filter((f) => f.request.method === method && new URL(f.request.url).pathname === path)
    .map((f) => f.kind)
    .sort()
}

describe.each(FIXTURES)('recorded demo capture %s', (name) => {
  const doc = load(name)
  const findings = analyzeHar(doc)

  // Playwright's recordHar leaves CORS preflights out; the browsers' own logs list them.
  const preflights = harEntries(doc).some(
    (e) => (e as { request?: { method?: unknown } }).request?.method === 'OPTIONS',
  )
  // Chrome's getHAR() has no response bodies (the panel fetches them with getContent()); Firefox's has.
  const bodies = harEntries(doc).some(
    (e) => ((e as { response?: { content?: { text?: unknown } } }).response?.content?.text ?? '') !== '',
  )
  it.each(scenarios.map((s) => [s.id, s] as const))('%s yields exactly its expected findings', (_id, s) => {
    const want =
      s.bodyOnly && !bodies
        ? []
        : !preflights && s.expectWithoutPreflight
          ? s.expectWithoutPreflight
          : (s.expectWithoutProbe ?? s.expect)
    expect(kindsFor(findings, s.method, s.path)).toEqual([...want].sort())
  })

  it('finds nothing beyond the scenarios', () => {
    const known = new Set(scenarios.map((s) => `${s.method} ${s.path}`))
    expect(
      findings.filter((f) => !known.has(`${f.request.method} ${new URL(f.request.url).pathname}`)),
    ).toEqual([])
  })

  it('incremental feeding in reverse and shuffled order gives the batch findings', () => {
    const entries = harEntries(doc)
    const strip = (fs: Finding[]) =>
      fs.map(({ id, kind, count, severity, chain }) => ({ id, kind, count, severity, chain }))
    for (const order of [
      [...entries].reverse(),
      [...entries].sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length),
    ]) {
      const engine = new Engine()
      for (const e of order) engine.add(e)
      expect(strip(engine.findings())).toEqual(strip(findings))
    }
  })
})

describe('the Firefox capture as HTTP Toolkit exports it (a proxy view: redirectURL always "", raw headers, HTTP/2 pseudo-headers, base64 bodies)', () => {
  const name = 'demo-firefox-gethar.har'
  const available = existsSync(join(import.meta.dirname, '../fixtures/har', name))
  const shape = (fs: Finding[]) =>
    fs.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      method: f.request.method,
      url: f.request.url,
      status: f.status,
      chain: f.chain.map((h) => `${h.method} ${h.status} ${h.url}`),
      allowed: f.allowed.methods,
    }))

  it.runIf(available)('yields the same findings as the browser export, hop for hop', () => {
    const browser = analyzeHar(load(name))
    for (const http2 of [false, true]) {
      const proxy = analyzeHar(asHttpToolkitHar(load(name), { http2 }))
      expect(shape(proxy)).toEqual(shape(browser))
    }
    // The redirect chains really were rebuilt from Location alone.
    expect(browser.some((f) => f.chain.length > 1)).toBe(true)
  })
})
