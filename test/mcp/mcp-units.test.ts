// The MCP server's own pieces, without a process: one exchange as HAR entries, the probe scope,
// and the Markdown cut to fit a model's context.
import { describe, expect, it } from 'vitest'
import { findingTranslator } from '../../src/core/messages-bundle'
import type { Report, ReportFinding } from '../../src/core/report'
import { exchangeToHar, harHeaders, statusOf } from '../../src/mcp/explain-request'
import { reportText } from '../../src/mcp/report-result'
import { isLoopbackHost, probeVerdict } from '../../src/mcp/scope'

interface Entry {
  _resourceType?: string
  request: { method: string; url: string; postData?: { text: string } }
  response: { status: number; redirectURL: string }
}

describe('exchangeToHar', () => {
  it('reads headers as an object (arrays repeat a header) or as a HAR list', () => {
    expect(harHeaders({ Allow: 'GET', 'Set-Cookie': ['a=1', 'b=2'], 'Content-Length': 3 })).toEqual([
      { name: 'Allow', value: 'GET' },
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'Set-Cookie', value: 'b=2' },
      { name: 'Content-Length', value: '3' },
    ])
    expect(harHeaders([{ name: 'Allow', value: 'GET' }])).toEqual([{ name: 'Allow', value: 'GET' }])
    expect(harHeaders(undefined)).toEqual([])
  })

  it("makes one entry per hop, as chrome-devtools-mcp's redirect chain lists them: URL and method each", () => {
    const { log } = exchangeToHar({
      redirects: [
        { method: 'POST', url: 'https://app.test/a', status: '[failed - 307]' },
        { method: 'POST', url: 'https://app.test/b', status: 302, location: 'https://api.test/c' },
        { method: 'GET', status: 301, location: '../d' },
      ],
      request: { method: 'put', url: 'https://api.test/d', body: '{"x":1}' },
      response: { status: '[failed - 405]' },
      initiator: 'navigation',
    })
    const entries = log.entries as Entry[]
    expect(entries.map((e) => `${e.request.method} ${e.request.url} ${e.response.status}`)).toEqual([
      'POST https://app.test/a 307',
      'POST https://app.test/b 302',
      'GET https://api.test/c 301',
      'PUT https://api.test/d 405',
    ])
    // Each Location: as given, else the next hop's URL.
    expect(entries.map((e) => e.response.redirectURL)).toEqual([
      'https://app.test/b',
      'https://api.test/c',
      '../d',
      '',
    ])
    // Only the request shown carries its body.
    expect(entries.map((e) => e.request.postData?.text ?? null)).toEqual([null, null, null, '{"x":1}'])
    expect(entries.every((e) => e._resourceType === 'document')).toBe(true)
  })

  it('refuses a chain it cannot place: no first URL, or a hop that is not a redirect', () => {
    const base = { request: { method: 'GET', url: 'http://localhost/y' }, response: { status: 200 } }
    expect(() => exchangeToHar({ ...base, redirects: [{ method: 'POST', status: 303 }] })).toThrow(
      /redirects\[0\]\.url is needed/,
    )
    expect(() =>
      exchangeToHar({ ...base, redirects: [{ method: 'POST', url: 'http://localhost/x', status: 200 }] }),
    ).toThrow(/not a redirect/)
  })

  it('reads a status as a number or as chrome-devtools-mcp writes it', () => {
    expect([405, '[failed - 405]', '[success - 200]', 'pending', 42].map(statusOf)).toEqual([
      405, 405, 200, 0, 0,
    ])
  })
})

describe('probe scope', () => {
  it('loopback is every spelling of localhost, 127/8 and ::1, nothing else', () => {
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['example.com', '10.0.0.1', 'localhost.example.com', '128.0.0.1', '[::2]'])
      expect(isLoopbackHost(h)).toBe(false)
  })

  it('allows loopback and the allowed origins; refuses others naming the flag, and metadata always', () => {
    const allowed = new Set(['http://api.example.test'])
    expect(probeVerdict('http://127.0.0.1:3000/x', allowed)).toEqual({ origin: 'http://127.0.0.1:3000' })
    expect(probeVerdict('http://api.example.test/items', allowed)).toEqual({
      origin: 'http://api.example.test',
    })
    expect(probeVerdict('https://api.example.test/items', allowed)).toEqual({
      refused: expect.stringContaining('--probe-allow https://api.example.test'),
    })
    expect(probeVerdict('http://169.254.169.254/', new Set(['http://169.254.169.254']))).toEqual({
      refused: expect.stringContaining('never probed'),
    })
    expect(probeVerdict('file:///etc/passwd', allowed)).toEqual({ refused: expect.stringContaining('http') })
  })
})

describe('reportText', () => {
  const finding = (i: number): ReportFinding => ({
    id: `f${i}`,
    kind: 'wrong-method',
    severity: 'error',
    title: 'Wrong method',
    request: { method: 'POST', url: `http://127.0.0.1/api/items/${i}` },
    status: 405,
    count: 1,
    chain: [{ method: 'POST', url: `http://127.0.0.1/api/items/${i}`, status: 405 }],
    allowed: { methods: ['GET'], sources: [], notes: [] },
    framework: null,
    evidence: [{ source: 'response', code: 'e', text: 'x'.repeat(400) }],
    causes: [{ code: 'c', text: 'cause' }],
    fixes: [{ code: 'x', text: 'fix' }],
    snippets: [],
    prevention: [],
    links: { rfc: 'https://www.rfc-editor.org/rfc/rfc9110', mdn: 'https://developer.mozilla.org/' },
  })
  const report = (n: number): Report => ({
    tool: 'method-doctor',
    version: '0',
    schemaVersion: 1,
    lang: 'en',
    source: 'x.har',
    findings: Array.from({ length: n }, (_, i) => finding(i)),
  })

  it('is the whole Markdown report when it fits', async () => {
    const { formatMarkdown } = await import('../../src/core/format/markdown')
    expect(reportText(report(2))).toBe(formatMarkdown(report(2), findingTranslator('en')))
  })

  it('keeps whole findings up to the limit for a large capture, lists the rest, and says it summarised', () => {
    const text = reportText(report(300), 10_000)
    expect(text.length).toBeLessThan(10_000 + 60 * 80)
    expect(text).toMatch(
      /Summarised: this capture is large, so the Markdown shows \d+ of 300 findings in full/,
    )
    expect(text).toContain('/api/items/0')
    expect(text).toContain('… and ')
    // The heading still counts every finding.
    expect(text).toMatch(/^## Method Doctor: 300 finding/)
  })

  it('stays fast on a very large capture', () => {
    const started = performance.now()
    reportText(report(5000))
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
