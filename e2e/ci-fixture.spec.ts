import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { startSwSite } from '../test/helpers/sw-site'
import { startDemoApi } from './demo-api/server'

interface JsonResult {
  status: string
  errors?: { message?: string }[]
  attachments: { name: string; contentType: string; path?: string; body?: string }[]
}
interface JsonTest {
  title: string
  expectedStatus: string
  results: JsonResult[]
}
interface JsonSuite {
  title: string
  specs?: { title: string; tests: JsonTest[] }[]
  suites?: JsonSuite[]
}

/** A server on another loopback port: POST is refused with 405, OPTIONS names GET and HEAD. */
async function startOtherOrigin(): Promise<{ origin: string; log: string[]; close(): Promise<void> }> {
  const log: string[] = []
  const server = createServer((req, res) => {
    log.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`)
    const cors = { 'Access-Control-Allow-Origin': '*' }
    if (req.method === 'POST') res.writeHead(405, { ...cors, Allow: 'GET, HEAD' }).end()
    else if (req.method === 'OPTIONS') res.writeHead(204, { ...cors, Allow: 'GET, HEAD' }).end()
    else res.writeHead(200, cors).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}

function specs(suite: JsonSuite): { title: string; tests: JsonTest[] }[] {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specs)]
}

function attachment(r: JsonResult, name: string): string {
  const a = r.attachments.find((x) => x.name === name)
  if (!a) return ''
  return a.path ? readFileSync(a.path, 'utf8') : Buffer.from(a.body ?? '', 'base64').toString('utf8')
}

test('method-doctor/playwright in a real Playwright run: passes clean specs, fails broken ones, attaches redacted reports', async () => {
  test.setTimeout(120_000)
  const demo = await startDemoApi()
  const other = await startOtherOrigin()
  const sw = await startSwSite()
  const out = join(mkdtempSync(join(tmpdir(), 'md-fixture-')), 'report.json')
  try {
    await promisify(execFile)(
      'npx',
      ['playwright', 'test', '-c', 'e2e/ci-fixture/inner.config.ts', '--reporter=json'],
      {
        env: {
          ...process.env,
          DEMO_ORIGIN: demo.origin,
          OTHER_ORIGIN: other.origin,
          SW_ORIGIN: sw.origin,
          PLAYWRIGHT_JSON_OUTPUT_NAME: out,
        },
        timeout: 110_000,
      },
    ).catch((err: { code?: number }) => {
      // Exit 1 only if a test did not behave as declared; the assertions below say which.
      if (err.code !== 1) throw err
    })
  } finally {
    await Promise.all([demo.close(), other.close(), sw.close()])
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    suites: JsonSuite[]
    stats: { unexpected: number }
  }
  const byTitle = new Map(report.suites.flatMap(specs).map((s) => [s.title, s.tests[0]!]))
  const outcome = (title: string) => {
    const t = byTitle.get(title)!
    return `${t.expectedStatus}/${t.results[0]!.status}`
  }
  expect(outcome('a clean page passes')).toBe('passed/passed')
  expect(outcome('POST to a GET-only endpoint fails, listing the finding')).toBe('failed/failed')
  expect(outcome('findings fail the test at teardown even without the explicit expect')).toBe('failed/failed')
  expect(outcome('reports but does not fail')).toBe('passed/passed')
  expect(outcome('ignored URLs are left out')).toBe('passed/passed')
  expect(outcome('uses the CLI probe')).toBe('passed/passed')
  expect(outcome('keeps secrets in the attachments, marked, when asked')).toBe('failed/failed')
  expect(outcome('keeps the defaults for what it leaves out')).toBe('passed/passed')
  expect(outcome('fails the test naming the option')).toBe('failed/failed')
  expect(outcome('probes only the sites of the test’s pages')).toBe('passed/passed')
  expect(outcome('probes the allowed origin too')).toBe('passed/passed')
  expect(
    outcome(
      'a service worker’s 405 is only labelled as the worker’s, never probed; the server’s own 405 is a finding',
    ),
  ).toBe('passed/passed')
  expect(report.stats.unexpected).toBe(0)

  // Probes go to the test's own pages' sites and probeAllow only: the other port saw the page's
  // POST and nothing else, until probeAllow named it.
  expect(other.log.filter((r) => r.endsWith(' /api/not-allowed'))).toEqual(['POST /api/not-allowed'])
  expect(other.log).toContain('OPTIONS /api/allowed')
  // The path only the service worker answered never reached the server, probe included; the
  // server's own 405 on the same site was probed.
  expect(sw.log().filter((r) => r.endsWith(' /api/mocked'))).toEqual([])
  expect(sw.log()).toContain('OPTIONS /api/direct')

  const broken = byTitle.get('POST to a GET-only endpoint fails, listing the finding')!.results[0]!
  const json = JSON.parse(attachment(broken, 'method-doctor.json')) as {
    findings: { kind: string; request: { url: string }; initiator?: { type: string; url: string } }[]
  }
  expect(json.findings.map((f) => f.kind)).toEqual(['wrong-method'])
  // Playwright names the frame that sent it, no stack: the page's document, typed `other`.
  expect(json.findings[0]!.initiator?.type).toBe('other')
  expect(json.findings[0]!.initiator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
  const md = attachment(broken, 'method-doctor.md')
  expect(md).toContain('Wrong method for this endpoint')
  // Planted secrets: a cookie, a bearer token, an API key and a token in the page's query string.
  for (const secret of ['c00kie-secret', 'b3arer-secret-token', 'k3y-secret', 's3cr3t-query']) {
    expect(JSON.stringify(json)).not.toContain(secret)
    expect(md).not.toContain(secret)
  }
  expect(json.findings[0]!.request.url).toContain('api_key=REDACTED')
  // The failure messages land in CI logs: they list the finding, redacted like every other output.
  const messages = (broken.errors ?? []).map((e) => e.message ?? '').join('\n')
  expect(messages).toContain('wrong-method: POST')
  expect(messages).toContain('api_key=REDACTED')
  for (const secret of ['k3y-secret', 's3cr3t-query']) expect(messages).not.toContain(secret)
  expect(attachment(byTitle.get('a clean page passes')!.results[0]!, 'method-doctor.json')).toBe('')
  // Opted in: the attachments keep the key and say so; the failure message in the log does not.
  const kept = byTitle.get('keeps secrets in the attachments, marked, when asked')!.results[0]!
  const keptJson = JSON.parse(attachment(kept, 'method-doctor.json')) as { secretsIncluded?: boolean }
  expect(keptJson.secretsIncluded).toBe(true)
  expect(JSON.stringify(keptJson)).toContain('k3y-kept')
  expect(attachment(kept, 'method-doctor.md')).toContain('includes secrets')
  expect((kept.errors ?? []).map((e) => e.message ?? '').join('\n')).not.toContain('k3y-kept')
  expect(JSON.stringify(json)).not.toContain('secretsIncluded')

  // A partial object: the findings are reported (in the language it asked for), the test passes.
  const partial = byTitle.get('keeps the defaults for what it leaves out')!.results[0]!
  expect(attachment(partial, 'method-doctor.md')).toContain('Sai phương thức cho endpoint này')
  // An invalid value: one clear line naming the option, not a TypeError from inside the fixture.
  const invalid = (byTitle.get('fails the test naming the option')!.results[0]!.errors ?? [])
    .map((e) => e.message ?? '')
    .join('\n')
  expect(invalid).toContain(
    'methodDoctorOptions.failOn must be one of error, warning, info, never; got "eror"',
  )
  expect(invalid).not.toContain('TypeError')
})
