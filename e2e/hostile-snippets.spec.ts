/**
 * The Playwright fixture's attachments in a real Playwright run: a page sends page-chosen header
 * values to a loopback server whose Allow names a "method" that is shell code. Every snippet in
 * method-doctor.json and method-doctor.md is then run as a user would paste it (curl in bash, zsh
 * and fish with a stand-in curl, fetch in a VM, httpx in python3), redacted and with secrets kept.
 * The URL holds curl globs (`[1-3]`, `{a,b}`): each curl call must leave globbing off.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { redactHeaderValue } from '../src/core/redact'
import type { Report } from '../src/core/report'
import {
  curlArgv,
  curlGlobs,
  markdownSnippets,
  parsesAsPython,
  runCurl,
  runFetch,
  runHttpx,
  type SentCall,
  SHELLS,
} from '../test/helpers/run-snippet'

const ALLOW = "GET, X$IFS'A.TK'|$0|X, `id`, PUT"
const PATH = '/c0z/orders/[1-3]?q=%27%24(touch%20pwned)%27&h={a,b}&n=[1-50]&token=tok-secret-0'
/** ASCII only: fetch refuses anything else in a header value. */
const HEADERS = {
  // A page-chosen value that names a secret: redacted as a value, it must stay inside its quotes.
  'Content-Type': 'text/plain; x-auth-token: 1',
  // Ends in a backslash: POSIX quoting would let fish read the quote after it as an escape.
  Accept: `a'b"c \`touch pwned-bt\` $(touch pwned-sub) \${HOME} ; | & \\ '\\'' ;touch pwned-fish;x\\`,
  Authorization: 'Bearer bearer-secret-0',
  'X-Api-Key': 'k3y-secret-0',
  'X-Requested-With': "X$IFS'A.TK'|$0|X",
}
const SECRETS = ['bearer-secret-0', 'k3y-secret-0', 'tok-secret-0']

interface JsonResult {
  attachments: { name: string; path?: string; body?: string }[]
}
interface JsonSuite {
  title: string
  specs?: { title: string; tests: { results: JsonResult[] }[] }[]
  suites?: JsonSuite[]
}

function results(suite: JsonSuite): [string, JsonResult][] {
  return [
    ...(suite.specs ?? []).map((s): [string, JsonResult] => [s.title, s.tests[0]!.results[0]!]),
    ...(suite.suites ?? []).flatMap(results),
  ]
}

function attachment(r: JsonResult, name: string): string {
  const a = r.attachments.find((x) => x.name === name)
  if (!a) throw new Error(`no ${name} attachment`)
  return a.path ? readFileSync(a.path, 'utf8') : Buffer.from(a.body ?? '', 'base64').toString('utf8')
}

test('Playwright attachments: every snippet runs as exactly the intended call under a hostile Allow and page headers', async () => {
  test.setTimeout(120_000)
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>hostile</title>')
    } else {
      res.writeHead(405, { Allow: ALLOW, 'Content-Type': 'text/plain' }).end('Method Not Allowed')
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = mkdtempSync(join(tmpdir(), 'md-hostile-pw-'))
  const out = join(dir, 'report.json')
  try {
    await promisify(execFile)(
      'npx',
      ['playwright', 'test', '-c', 'e2e/hostile-snippets/inner.config.ts', '--reporter=json'],
      {
        env: {
          ...process.env,
          HOSTILE_ORIGIN: origin,
          HOSTILE_PATH: PATH,
          HOSTILE_HEADERS: JSON.stringify(HEADERS),
          PLAYWRIGHT_JSON_OUTPUT_NAME: out,
        },
        timeout: 110_000,
      },
    )
  } finally {
    server.close()
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as { suites: JsonSuite[] }
  rmSync(dir, { recursive: true, force: true })
  const runs = report.suites.flatMap(results)
  expect(runs).toHaveLength(2)
  for (const [title, result] of runs) {
    const keep = title.endsWith('true')
    const json = JSON.parse(attachment(result, 'method-doctor.json')) as Report
    expect(json.secretsIncluded === true).toBe(keep)
    const found = [
      ...json.findings.flatMap((f) => f.snippets),
      ...markdownSnippets(attachment(result, 'method-doctor.md')),
    ]
    // Three languages in each of the two attachments.
    expect(found.map((s) => s.lang).sort()).toEqual(['curl', 'curl', 'fetch', 'fetch', 'httpx', 'httpx'])
    const url = new URL(PATH, origin).href
    const want: SentCall = {
      method: 'PUT',
      url: keep ? url : url.replace('tok-secret-0', 'REDACTED'),
      // Redacted as values (the one module that decides), in the order snippets.ts keeps them.
      headers: Object.entries(HEADERS).map(([n, v]) => [
        n,
        redactHeaderValue(n.toLowerCase(), v, { keepSecrets: keep }),
      ]),
    }
    // The page's Content-Type names a secret: redacting it is what a pass over finished code got wrong.
    if (!keep) expect(want.headers[0]![1]).toBe('text/plain; x-auth-token: REDACTED')
    for (const s of found) {
      const where = `${title} ${s.lang}:\n${s.code}`
      if (!keep) for (const secret of SECRETS) expect(s.code, where).not.toContain(secret)
      if (s.lang === 'curl') {
        for (const shell of SHELLS) {
          const run = runCurl(s.code, shell)
          const at = `${shell}: ${where}`
          expect([run.decoys, run.created, run.calls], at).toEqual([[], [], [curlArgv(want, true)]])
          expect(curlGlobs(run.calls[0]!), at).toBe(false)
        }
      } else if (s.lang === 'fetch') {
        const run = await runFetch(s.code)
        expect([run.leaked, run.calls], where).toEqual([[], [want]])
      } else {
        expect(parsesAsPython(s.code), where).toBe(true)
        const run = runHttpx(s.code)
        expect(
          run.calls.map((c) => [c.method, c.url, c.headers, c.json]),
          where,
        ).toEqual([[want.method, want.url, want.headers, false]])
      }
    }
  }
})
