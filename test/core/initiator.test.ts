import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { correlationIds } from '../../src/core/correlation'
import { Engine } from '../../src/core/engine'
import { formatMarkdown } from '../../src/core/format/markdown'
import { formatText } from '../../src/core/format/text'
import { normalizeEntry } from '../../src/core/har'
import { isVendorChunk, ownFrame, readInitiator } from '../../src/core/initiator'
import { findingTranslator } from '../../src/core/messages-bundle'
import { buildReport } from '../../src/core/report'
import { entry } from '../helpers/har'
import { schemaErrors } from '../helpers/schema'

const O = 'http://127.0.0.1:8405'
const frame = (url: string, functionName = 'f', lineNumber = 9, columnNumber = 4) => ({
  functionName,
  scriptId: '1',
  url,
  lineNumber,
  columnNumber,
})

describe('reading Chromium’s _initiator', () => {
  it('keeps the first frame of the page’s own code, 1-based, and the whole async stack', () => {
    const i = readInitiator({
      type: 'script',
      stack: {
        callFrames: [
          frame('chrome-extension://abc/inject.js', 'wrapped'),
          frame('', 'eval'),
          frame(`${O}/node_modules/.vite/deps/axios.js`, 'dispatchXhrRequest'),
          frame(`${O}/src/api.ts`, 'submitOrder', 41, 10),
        ],
        parent: { description: 'await', callFrames: [frame(`${O}/src/main.ts`, 'onClick', 7, 2)] },
      },
    })
    expect(i?.type).toBe('script')
    expect(i?.frame).toEqual({ url: `${O}/src/api.ts`, line: 42, column: 11, function: 'submitOrder' })
    expect(i?.stack?.map((s) => s.description)).toEqual(['', 'await'])
    expect(i?.stack?.[1]?.frames[0]).toEqual({
      url: `${O}/src/main.ts`,
      line: 8,
      column: 3,
      function: 'onClick',
    })
  })

  it('looks past async hops for the page’s code, and falls back to a vendor frame', () => {
    const vendorOnly = readInitiator({
      type: 'script',
      stack: { callFrames: [frame('https://unpkg.com/axios/dist/axios.min.js', 'xhr')] },
    })
    expect(vendorOnly?.frame?.function).toBe('xhr')
    const later = readInitiator({
      type: 'script',
      stack: {
        callFrames: [frame(`${O}/assets/vendors~main.js`, 'request')],
        parent: { description: 'Promise.then', callFrames: [frame(`${O}/assets/app.js`, 'save')] },
      },
    })
    expect(later?.frame?.function).toBe('save')
  })

  it('names the document for the parser and the request for a preflight; nothing for junk', () => {
    expect(readInitiator({ type: 'parser', url: `${O}/login`, lineNumber: 0 })?.frame).toEqual({
      url: `${O}/login`,
      line: 1,
      column: 0,
      function: '',
    })
    expect(readInitiator({ type: 'preflight', url: `${O}/api`, requestId: '1.2' })?.frame?.url).toBe(
      `${O}/api`,
    )
    expect(readInitiator({ type: 'other' })).toEqual({ type: 'other' })
    for (const junk of [null, 'script', { type: 'eval' }, { type: 3 }, []])
      expect(readInitiator(junk)).toBeUndefined()
  })

  it('stays bounded and clipped on a hostile stack', () => {
    let parent: Record<string, unknown> | undefined
    for (let i = 0; i < 10_000; i++)
      parent = {
        description: 'x'.repeat(500),
        callFrames: [frame(`${O}/${'a'.repeat(5000)}`, 'f'.repeat(1000), -3, 1e12)],
        ...(parent ? { parent } : {}),
      }
    const i = readInitiator({ type: 'script', stack: parent })!
    const frames = i.stack!.flatMap((s) => s.frames)
    expect(i.stack!.length).toBeLessThanOrEqual(12)
    expect(frames.length).toBeLessThanOrEqual(48)
    expect(frames[0]!.url.length).toBeLessThanOrEqual(2048)
    expect(frames[0]!.function.length).toBeLessThanOrEqual(200)
    expect(frames[0]!.line).toBe(0)
    expect(frames[0]!.column).toBe(0)
  })

  it('keeps names and URLs one line of plain text (no control, separator or bidi characters)', () => {
    const i = readInitiator({
      type: 'script',
      stack: {
        callFrames: [frame(`${O}/app.js\u2028x`, 'evil\u0000x\nFAKE LINE\u202eTSOP')],
        parent: { description: 'await\r\nforged', callFrames: [] },
      },
    })!
    expect(i.frame).toMatchObject({ url: `${O}/app.jsx`, function: 'evilxFAKE LINETSOP' })
    expect(i.stack?.[1]?.description).toBe('awaitforged')
  })

  it('tells vendor chunks from the app’s own chunks', () => {
    for (const url of [
      `${O}/node_modules/.vite/deps/chunk-ABC.js`,
      `${O}/js/chunk-vendors.5f2a.js`,
      `${O}/_next/static/chunks/framework-1a2b.js`,
      'https://cdn.jsdelivr.net/npm/axios/dist/axios.min.js',
    ])
      expect(isVendorChunk(url), url).toBe(true)
    for (const url of [
      `${O}/_next/static/chunks/app/page-3c4d.js`,
      `${O}/_nuxt/entry.js`,
      `${O}/src/vendor-api.ts`,
    ])
      expect(isVendorChunk(url), url).toBe(false)
    expect(ownFrame([])).toBeUndefined()
  })
})

describe('findings say where their request was sent from', () => {
  it('the demo capture’s 405 names demo.js’s send at its 1-based line', () => {
    const har = JSON.parse(readFileSync('test/fixtures/har/demo-devtools-gethar.har', 'utf8'))
    const engine = new Engine()
    for (const e of har.log.entries) engine.add(e)
    const f = engine
      .findings()
      .find((x) => x.request.method === 'POST' && x.request.url === `${O}/api/items`)!
    expect(f.initiator).toMatchObject({
      type: 'script',
      url: `${O}/demo.js`,
      line: 50,
      column: 23,
      function: 'send',
    })
    expect(f.initiator?.stack?.length).toBeGreaterThan(0)
    // The list's copy leaves the stack out.
    const listed = engine.findings({ ids: [f.id], detail: 'listing' })[0]!
    expect(listed.initiator).toEqual({ ...f.initiator, stack: undefined })
  })

  it('a form navigation names the document that submitted it', () => {
    const engine = new Engine()
    engine.add(
      entry({
        method: 'POST',
        url: `${O}/form/contact`,
        status: 405,
        resourceType: 'document',
        requestHeaders: { Referer: `${O}/contact`, 'Sec-Fetch-Mode': 'navigate' },
        headers: { Allow: 'GET' },
      }),
    )
    expect(engine.findings()[0]!.initiator).toEqual({ type: 'navigation', url: `${O}/contact` })
  })

  it('a capture without initiators says nothing, and plain successes never keep one', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'DELETE', url: `${O}/api/x`, status: 405 }))
    expect(engine.findings()[0]!.initiator).toBeUndefined()
    const ok = normalizeEntry(
      { ...(entry({ method: 'GET', url: `${O}/a`, status: 200 }) as object), _initiator: { type: 'other' } },
      0,
    )
    expect(ok?.initiator).toBeUndefined()
  })
})

describe('correlation ids', () => {
  const x = (status: number, headers: Record<string, string>) =>
    normalizeEntry(entry({ method: 'POST', url: `${O}/api`, status, headers }), 0)!

  it('lists the failing answer’s ids first, each value once, as clean text', () => {
    const chain = [
      x(301, { 'X-Request-Id': 'hop-1', 'CF-Ray': '8a1b-LHR' }),
      x(405, { 'x-request-id': 'final\u001b[31m-2\n', traceparent: '00-4bf9-00f0-01', 'cf-ray': '8a1b-LHR' }),
    ]
    expect(correlationIds(chain)).toEqual([
      { header: 'x-request-id', value: 'final[31m-2' },
      { header: 'traceparent', value: '00-4bf9-00f0-01' },
      { header: 'cf-ray', value: '8a1b-LHR' },
      { header: 'x-request-id', value: 'hop-1' },
    ])
  })

  it('reaches the finding, and is absent when the answer has none', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'PUT', url: `${O}/a`, status: 405, headers: { 'x-vercel-id': 'fra1::abc' } }))
    engine.add(entry({ method: 'PUT', url: `${O}/b`, status: 405 }))
    const at = (path: string) => engine.findings().filter((f) => f.request.url === `${O}${path}`)
    const [a] = at('/a')
    const [b] = at('/b')
    expect(a!.correlation).toEqual([{ header: 'x-vercel-id', value: 'fra1::abc' }])
    expect(b!.correlation).toBeUndefined()
  })
})

describe('reports carry the initiator and the request ids', () => {
  function demoReport(lang: 'en' | 'vi') {
    const har = JSON.parse(readFileSync('test/fixtures/har/demo-devtools-gethar.har', 'utf8'))
    const engine = new Engine()
    for (const e of har.log.entries) engine.add(e)
    engine.add(
      entry({
        method: 'PATCH',
        url: `${O}/api/traced`,
        status: 405,
        headers: { 'X-Request-Id': 'req-`7`', traceparent: '00-abc-def-01' },
      }),
    )
    return buildReport(engine.findings(), { lang, source: 'demo.har', toolVersion: '0' })
  }

  it('the JSON report has them, valid against the schema', () => {
    const report = demoReport('en')
    expect(schemaErrors(report)).toBe('')
    const items = report.findings.find(
      (f) => f.request.url === `${O}/api/items` && f.request.method === 'POST',
    )!
    expect(items.initiator).toEqual({
      type: 'script',
      url: `${O}/demo.js`,
      line: 50,
      column: 23,
      function: 'send',
    })
    const traced = report.findings.find((f) => f.request.url === `${O}/api/traced`)!
    expect(traced.correlation).toEqual([
      { header: 'x-request-id', value: 'req-`7`' },
      { header: 'traceparent', value: '00-abc-def-01' },
    ])
  })

  it('text and Markdown print them, in the report’s language', () => {
    const en = demoReport('en')
    const text = formatText(en, findingTranslator('en'), { color: false })
    expect(text).toContain(`Sent by send at ${O}/demo.js:50`)
    expect(text).toContain('Request IDs: x-request-id: req-`7` · traceparent: 00-abc-def-01')
    const md = formatMarkdown(en, findingTranslator('en'))
    expect(md).toContain('Sent by send at')
    // A backtick in the value is escaped text: it opens no code span.
    expect(md).toContain('Request IDs: x-request-id: req-\\`7\\` · traceparent: 00-abc-def-01')
    const vi = formatText(demoReport('vi'), findingTranslator('vi'), { color: false })
    expect(vi).toContain(`Gửi từ send tại ${O}/demo.js:50`)
  })
})
