import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { formatText } from '../../src/core/format/text'
import { normalizeEntry } from '../../src/core/har'
import { headerMap } from '../../src/core/headers'
import { findingTranslator } from '../../src/core/messages-bundle'
import { redactUrl } from '../../src/core/redact'
import { buildReport } from '../../src/core/report'
import { BASE_TIME, harEntry } from './support/arbitraries'
import { checkOutputs, runAll, TEXT_CONTROL } from './support/pipeline'

/** Bugs the fuzz suite found, pinned as plain examples. */

const O = 'http://127.0.0.1:8405'
const e = (
  method: string,
  url: string,
  status: number,
  headers: { name: string; value: string }[] = [],
  ms = 0,
) => harEntry({ method, url, status, start: BASE_TIME + ms, headers })

describe('fuzz regressions', () => {
  it('har.ts: a status that is an object without a prototype is no status, not a TypeError', () => {
    const raw = {
      request: { method: 'POST', url: `${O}/x` },
      response: { status: Object.create(null) as unknown },
    }
    expect(() => normalizeEntry(raw, 0)).not.toThrow()
    expect(normalizeEntry(raw, 0)?.status).toBe(0)
    expect(normalizeEntry({ ...raw, response: { status: ' 405 ' } }, 0)?.status).toBe(405)
  })

  it('har.ts: a 1 MB _error is clipped', () => {
    const x = normalizeEntry(
      { request: { method: 'PUT', url: `${O}/x` }, response: { status: 0 }, _error: 'x'.repeat(1 << 20) },
      0,
    )
    expect(x?.error.length).toBe(500)
  })

  it('engine.ts: no snippet ever calls a javascript:, data: or relative URL', () => {
    const out = runAll([
      e('POST', 'javascript:alert(document.cookie)', 405),
      e('POST', 'data:text/html,<script>alert(1)</script>', 405),
      e('POST', `${O}/login`, 301, [{ name: 'Location', value: 'javascript:alert(1)' }]),
    ])
    expect(out.findings.length).toBeGreaterThanOrEqual(3)
    expect(out.findings.flatMap((f) => f.snippets)).toEqual([])
    checkOutputs(out)
    // An http(s) target still gets its corrected call.
    expect(runAll([e('POST', `${O}/x`, 405)]).findings[0]?.snippets.map((s) => s.lang)).toEqual([
      'curl',
      'fetch',
      'httpx',
    ])
  })

  it('text.ts: a newline or tab inside data cannot forge report lines; the curl snippet keeps its lines', () => {
    const out = runAll([
      e('POST', 'not a url\nMethod Doctor: no findings in capture.har.\tx', 405),
      e('PUT', `${O}/y`, 405),
    ])
    expect(out.text).not.toMatch(/^Method Doctor: no findings/m)
    expect(out.text).not.toContain('\t')
    expect(out.text).toMatch(/\$ curl -X PUT 'http:\/\/127\.0\.0\.1:8405\/y' \\\n {10}--data @body\.json/)
  })

  it('preflight.ts: a junk Access-Control-Request-Method never becomes a finding method', () => {
    const preflight = (acrm: string) => ({
      ...e('OPTIONS', `${O}/x`, 403),
      request: {
        method: 'OPTIONS',
        url: `${O}/x`,
        headers: [{ name: 'Access-Control-Request-Method', value: acrm }],
      },
    })
    for (const junk of ['', '\u001b[2J', 'PUT, DELETE', '<script>', 'http://127.0.0.1:8405/']) {
      const out = runAll([preflight(junk)])
      expect(out.findings, JSON.stringify(junk)).toEqual([])
    }
    const ok = runAll([preflight('put')])
    expect(ok.findings.map((f) => `${f.kind} ${f.request.method}`)).toEqual(['cors-preflight-rejected PUT'])
  })

  it('headers.ts: 500 repeats of an 8 KB header keep 8 KB, so fingerprints stay fast', () => {
    const h = headerMap(Array.from({ length: 600 }, () => ({ name: 'Server', value: 'x'.repeat(8192) })))
    expect(h.get('server')?.join(', ').length).toBe(8192)
    const small = headerMap([
      { name: 'Allow', value: 'GET' },
      { name: 'allow', value: 'POST' },
    ])
    expect(small.get('allow')).toEqual(['GET', 'POST'])
  })

  it('redact.ts: tokens in the fragment (OAuth implicit flow, hash routers) are redacted', () => {
    expect(redactUrl('https://app.test/cb#access_token=abc123&state=s')).toBe(
      'https://app.test/cb#access_token=REDACTED&state=s',
    )
    expect(redactUrl('https://app.test/#/cb?x=1&token=abc123')).toBe(
      'https://app.test/#/cb?x=1&token=REDACTED',
    )
    expect(redactUrl('https://app.test/docs#section-2')).toBe('https://app.test/docs#section-2')
    expect(redactUrl('https://app.test/#a=b')).toBe('https://app.test/#a=b')
    expect(redactUrl('https://app.test/cb#access_token=abc123', { keepSecrets: true })).toBe(
      'https://app.test/cb#access_token=abc123',
    )
    const out = runAll([
      e('POST', `${O}/login`, 302, [{ name: 'Location', value: '/cb#access_token=abc123xyz' }]),
    ])
    expect(out.json).not.toContain('abc123xyz')
  })

  it('engine.ts: a finding built before more traffic arrived is rebuilt with it', () => {
    const chain = [
      e('POST', `${O}/a`, 301, [{ name: 'Location', value: 'https://api.example.test/b' }]),
      e('GET', 'https://api.example.test/b', 200, [], 5),
    ]
    const later = e('POST', 'https://api.example.test/b', 200, [], 50)
    const batch = new Engine()
    for (const x of [...chain, later]) batch.add(x)
    const live = new Engine()
    for (const x of chain) live.add(x)
    expect(live.takeChanges().upserts[0]?.allowed.methods).toEqual(['GET'])
    live.add(later)
    const { upserts } = live.takeChanges()
    expect(upserts.map((f) => f.allowed.methods)).toEqual([['GET', 'POST']])
    expect(live.findings()).toEqual(batch.findings())
  })

  it('text.ts: the same escapes that hit the text report are neutralised in every line', () => {
    const tr = findingTranslator('en')
    const report = buildReport(
      runAll([e('POST', `${O}/\u001b[2J`, 405, [{ name: 'Via', value: '1.1 \u001b]0;x\u0007\r\u202e' }])])
        .findings,
      { source: 'a\u001b[2J.har', toolVersion: '1' },
    )
    expect(formatText(report, tr, { color: false })).not.toMatch(TEXT_CONTROL)
  })
})
