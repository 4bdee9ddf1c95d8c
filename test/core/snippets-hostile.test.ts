/**
 * A hostile server (`Allow`) and a hostile page (request headers, URL) against every output that
 * carries a corrected call: the engine's findings (what the panel shows and copies), the report,
 * the CLI's JSON / Markdown / text / JUnit, the panel's exports and "Copy finding as Markdown",
 * and the Playwright attachments. Every snippet found in each is run: curl in bash, zsh and fish
 * with a stand-in curl (exactly one call, exactly the intended argv, URL globbing off, nothing
 * else started), fetch in a VM with a recording fetch, httpx in python3 with a recording httpx
 * that has real httpx's signatures. With and without secrets kept. Then curl itself, where
 * installed, against a loopback server: one request, to exactly the URL.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { Engine } from '../../src/core/engine'
import { findingMarkdown, formatMarkdown } from '../../src/core/format/markdown'
import { isMethodName, parseMethodList } from '../../src/core/headers'
import { findingTranslator } from '../../src/core/messages-bundle'
import { redactHeaderValue, redactUrl } from '../../src/core/redact'
import { buildReport, type Report, reportFinding } from '../../src/core/report'
import { snippetsFor } from '../../src/core/snippets'
import type { Finding } from '../../src/core/types'
import { findingAsMarkdown, reportJson, reportMarkdown } from '../../src/panel/report-text'
import { runCli } from '../helpers/cli'
import { entry, har } from '../helpers/har'
import {
  curlArgv,
  curlGlobs,
  MISSING_SHELLS,
  markdownSnippets,
  parsesAsPython,
  runCurl,
  runFetch,
  runHttpx,
  type SentCall,
  SHELLS,
} from '../helpers/run-snippet'

// Every snippet is run in bash, a VM and python3: slower than a unit test, on a loaded machine too.
vi.setConfig({ testTimeout: 120_000 })

const O = 'https://api.test'

/** Values a request header can carry: each must reach every call exactly as it is. */
const CARRIABLE = [
  `a'b"c`,
  '`touch pwned-bt`',
  '$(touch pwned-sub)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, as data.
  '${HOME}$HOME $0',
  '; touch pwned-semi',
  '| touch pwned-pipe',
  '& touch pwned-amp &',
  `back\\slash\\'\\"\\n\\`,
  'é中😀 ü',
  'line\u2028sep\u2029para',
  '</script>"); globalThis.pwned = 1; ("',
  `'''"""{x}\\N{BULLET}`,
  "X$IFS'A.TK'|$0|X",
]
/** Breaks POSIX `'\\''` quoting open in fish after a Content-Type of `a\` (the case sets that). */
const FISH = ';touch pwned-fish;x\\'
/**
 * Values fetch and httpx carry (escaped) but a shell script cannot show: format characters (bidi,
 * zero-width, BOM, soft hyphen, tags) and line separators. curl leaves the header out and names it.
 */
const SHELL_HIDDEN = [
  'line\u2028sep\u2029para',
  'rtl\u200e\u200f\u061cmarks',
  'zero\u200b\u200c\u200d\u2060\ufeffwidth',
  'over\u202eride\u2066iso\u2069',
  'soft\u00adhyphen tag\u{e0041}',
]
/** Values no request can carry (line breaks): the header is left out of every call and named. */
const UNCARRIABLE = ['a\r\nX-Injected: 1', 'a\nb', 'a\rb']
/** What curl leaves out besides: no portable shell escape shows these. */
const NOT_IN_SHELL = /[\p{Cf}\p{Zl}\p{Zp}]/u

/** `Allow` values from a hostile server, with the method the corrected call must use. */
const ALLOWS: [allow: string, method: string][] = [
  ["GET, X$IFS'A.TK'|$0|X, PUT", 'PUT'],
  ['PUT, `id`, GET', 'PUT'],
  ['$(touch pwned-allow), PUT', 'PUT'],
  ["X|sh, X&X, X'Y, PUT", 'PUT'],
  ['*, PUT', 'PUT'],
  ["X$IFS'A.TK'|$0|X", 'POST'],
  // httpx.delete() takes no body: a DELETE with one must be httpx.request("DELETE", …).
  ['`id`, DELETE', 'DELETE'],
]

const SECRETS = (i: number) => [
  `bearer-secret-${i}`,
  `k3y-secret-${i}`,
  `tok-secret-${i}`,
  `csrf-secret-${i}`,
]

interface Case {
  /** URL the corrected call goes to, as recorded. */
  target: string
  method: string
  body: boolean
  headers: Record<string, string>
  /** Header names that must be left out of every call. */
  dropped: string[]
  /** The `Allow` items the finding must name as not a method. */
  badTokens: string[]
}

const cases: Case[] = []
const entries: Record<string, unknown>[] = []
let n = 0
for (const value of [...CARRIABLE, FISH, ...SHELL_HIDDEN, ...UNCARRIABLE]) {
  const i = n++
  const [allow, method] = ALLOWS[i % ALLOWS.length]!
  const carriable = !UNCARRIABLE.includes(value)
  // The path and query carry shell and script characters too (kept raw by the URL parser), and
  // curl globs: `[1-3]` stays raw in the path, `{}` and `[]` in the query.
  const url = `${O}/c${i}z/'$(touch%20pwned-path)|x;y&z\`id\`/[1-3]/{a,b}?q=${encodeURIComponent(value)}&a='$(touch pwned-q)'&n=[1-50]&h={x,y}&token=tok-secret-${i}`
  const headers: Record<string, string> = {
    'Content-Type': i === 3 ? 'text/plain; x-auth-token: 1' : value === FISH ? 'a\\' : 'application/json',
    Accept: value,
    Authorization: `Bearer bearer-secret-${i}`,
    'X-Api-Key': `k3y-secret-${i}`,
    'X-Csrf-Token': carriable ? `csrf-secret-${i}${value}` : `csrf-secret-${i}`,
    'X-Requested-With': carriable ? value : 'XMLHttpRequest',
  }
  entries.push(
    entry({ method: 'POST', url, status: 405, headers: { Allow: allow }, requestHeaders: headers }),
  )
  cases.push({
    target: url,
    method,
    body: true,
    headers,
    dropped: carriable ? [] : ['Accept'],
    badTokens: allow
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '*' && !isMethodName(t)),
  })
}
{
  // A redirect that turned POST into GET: the call keeps POST and goes to the final URL.
  const i = n++
  const value = CARRIABLE.join(' ')
  const headers = {
    'Content-Type': 'application/json',
    Accept: value,
    Authorization: `Bearer bearer-secret-${i}`,
  }
  entries.push(
    entry({
      method: 'POST',
      url: `${O}/c${i}z/login?token=tok-secret-${i}`,
      status: 302,
      redirectURL: `${O}/c${i}z/home'$(touch%20pwned-loc)`,
      requestHeaders: headers,
    }),
    entry({ method: 'GET', url: `${O}/c${i}z/home'$(touch%20pwned-loc)`, status: 200 }),
  )
  cases.push({
    target: `${O}/c${i}z/home'$(touch%20pwned-loc)`,
    method: 'POST',
    body: true,
    headers,
    dropped: [],
    badTokens: [],
  })
}
{
  // curl globs in the host too: one request to two hosts, fifty times each, unless told not to.
  const i = n++
  const url = `https://{app.example,collect.attacker.test}/c${i}z/done?n=[1-50]`
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer bearer-secret-${i}` }
  entries.push(
    entry({ method: 'POST', url, status: 405, headers: { Allow: 'PUT' }, requestHeaders: headers }),
  )
  cases.push({ target: url, method: 'PUT', body: true, headers, dropped: [], badTokens: [] })
}
const capture = har(entries)

const KEEP = [
  'Content-Type',
  'Accept',
  'Authorization',
  'X-Api-Key',
  'X-Auth-Token',
  'X-Csrf-Token',
  'X-Requested-With',
]

/** Headers of a case that curl leaves out besides those no call carries. */
function shellDropped(c: Case, keepSecrets: boolean): string[] {
  return KEEP.filter(
    (h) =>
      c.headers[h] !== undefined &&
      !c.dropped.includes(h) &&
      NOT_IN_SHELL.test(redactHeaderValue(h.toLowerCase(), c.headers[h]!, { keepSecrets })),
  )
}

/** The call a case's snippet must make: values redacted as values (unless kept), never as code. */
function intended(c: Case, keepSecrets: boolean, lang: string): SentCall {
  const opts = { keepSecrets }
  const out = lang === 'curl' ? [...c.dropped, ...shellDropped(c, keepSecrets)] : c.dropped
  return {
    method: c.method,
    url: redactUrl(new URL(c.target).href, opts),
    headers: KEEP.filter((h) => c.headers[h] !== undefined && !out.includes(h)).map((h) => [
      h,
      redactHeaderValue(h.toLowerCase(), c.headers[h]!, opts),
    ]),
  }
}

/** Header names the snippet's `Left out:` comments name, in order. */
function leftOut(code: string): string[] {
  return [...code.matchAll(/^(?:#|\/\/) Left out: ([A-Za-z, -]+) \(/gm)].flatMap((m) => m[1]!.split(', '))
}

const caseOf = (text: string): number => {
  const m = /\/c(\d+)z\//.exec(text)
  if (!m) throw new Error(`no case in ${JSON.stringify(text.slice(0, 200))}`)
  return Number(m[1])
}

interface Found {
  lang: string
  code: string
  case: number
}

/** Snippets of a JSON report. */
function fromReport(r: Report): Found[] {
  return r.findings.flatMap((f) => f.snippets.map((s) => ({ ...s, case: caseOf(f.request.url) })))
}

/** Fenced blocks of a Markdown report, each with the case of the finding it sits under. */
function fromMarkdown(md: string): Found[] {
  return markdownSnippets(md).map((b) => ({ lang: b.lang, code: b.code, case: caseOf(b.heading) }))
}

/** The curl block of the text report: `      $ curl …` and its continuation lines. */
function fromText(text: string): Found[] {
  const out: Found[] = []
  let id = -1
  let current: string[] | null = null
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && /\/c\d+z\//.test(line)) id = caseOf(line)
    if (line.startsWith('      $ curl ')) current = [line.slice(8)]
    else if (current && line.startsWith('        ')) current.push(line.slice(8))
    else if (current) {
      out.push({ lang: 'curl', code: current.join('\n'), case: id })
      current = null
    }
  }
  return out
}

/** Every check a snippet must pass, cached by code: identical code need not run twice. */
const verified = new Map<string, string>()

async function verify(s: Found, keepSecrets: boolean): Promise<void> {
  const c = cases[s.case]!
  const want = intended(c, keepSecrets, s.lang)
  const key = `${s.lang}\0${keepSecrets}\0${s.case}\0${s.code}`
  if (verified.has(key)) return
  const where = `case ${s.case} ${s.lang}${keepSecrets ? ' (secrets kept)' : ''}:\n${s.code}`
  if (!keepSecrets) for (const secret of SECRETS(s.case)) expect(s.code, where).not.toContain(secret)
  const out = s.lang === 'curl' ? [...c.dropped, ...shellDropped(c, keepSecrets)] : c.dropped
  expect(leftOut(s.code).sort(), where).toEqual([...out].sort())
  if (s.lang === 'curl') {
    // Nothing a shell script cannot show, so the code reads as it runs.
    expect(s.code, where).not.toMatch(NOT_IN_SHELL)
    for (const shell of SHELLS) {
      const run = runCurl(s.code, shell)
      const at = `${shell}: ${where}`
      expect(run.decoys, at).toEqual([])
      expect(run.created, at).toEqual([])
      expect(run.status, `${at}\n${run.stderr}`).toBe(0)
      expect(run.calls, at).toEqual([curlArgv(want, c.body)])
      // One request: curl reads no `{a,b}` or `[1-3]` in the URL as a glob.
      expect(curlGlobs(run.calls[0]!), at).toBe(false)
    }
  } else if (s.lang === 'fetch') {
    const run = await runFetch(s.code)
    expect(run.leaked, where).toEqual([])
    expect(run.calls, where).toEqual([want])
  } else {
    expect(parsesAsPython(s.code), where).toBe(true)
    const run = runHttpx(s.code)
    expect(run.created, where).toEqual([])
    const json = c.headers['Content-Type'] === 'application/json'
    expect(run.calls, where).toEqual([
      {
        ...want,
        headers: want.headers.filter(([h]) => !(json && h === 'Content-Type')),
        json: json,
        content: !json,
        rest: [],
      },
    ])
  }
  verified.set(key, s.code)
}

/** Each output must hold every case's snippets: an empty output cannot pass. */
async function verifyAll(found: Found[], keepSecrets: boolean, langs = ['curl', 'fetch', 'httpx']) {
  const seen = new Set(found.map((s) => `${s.case} ${s.lang}`))
  expect(seen).toEqual(new Set(cases.flatMap((_c, i) => langs.map((l) => `${i} ${l}`))))
  for (const s of found) await verify(s, keepSecrets)
}

let dir = ''
let file = ''
let findings: Finding[] = []
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-hostile-'))
  file = join(dir, 'hostile.har')
  writeFileSync(file, JSON.stringify(capture))
  findings = analyzeHar(capture)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.each([false, true])('hostile Allow and request headers, secrets kept: %s', (keepSecrets) => {
  const opts = { keepSecrets }
  const report = (source: string) => buildReport(findings, { source, toolVersion: 't', ...opts })

  it('the engine: what the panel shows and its Copy button copies (the kept-apart calls when secrets are kept)', async () => {
    const found = findings.flatMap((f) =>
      ((keepSecrets ? f.snippetsWithSecrets : undefined) ?? f.snippets).map((s) => ({
        ...s,
        case: caseOf(f.request.url),
      })),
    )
    await verifyAll(found, keepSecrets)
  })

  it('the CLI: --json, --format markdown and the text report; JUnit carries no code', async () => {
    const extra = keepSecrets ? ['--include-secrets'] : []
    const json = await runCli('analyze', file, '--json', ...extra)
    expect(json.code).toBe(1)
    await verifyAll(fromReport(JSON.parse(json.out) as Report), keepSecrets)
    const md = await runCli('analyze', file, '--format', 'markdown', ...extra)
    await verifyAll(fromMarkdown(md.out), keepSecrets)
    const text = await runCli('analyze', file, ...extra)
    await verifyAll(fromText(text.out), keepSecrets, ['curl'])
    const junit = await runCli('analyze', file, '--format', 'junit', ...extra)
    expect(junit.out).toContain('<testsuites')
    for (const code of ['-H ', 'fetch(', 'import httpx']) expect(junit.out).not.toContain(code)
    if (!keepSecrets)
      for (let i = 0; i < cases.length; i++) for (const s of SECRETS(i)) expect(junit.out).not.toContain(s)
  })

  it("the panel's JSON and Markdown exports", async () => {
    const o = { source: `${O}/?token=tok-secret-0`, lang: 'en' as const, keepSecrets, toolVersion: 't' }
    await verifyAll(fromReport(JSON.parse(reportJson(findings, o)) as Report), keepSecrets)
    await verifyAll(fromMarkdown(reportMarkdown(findings, o)), keepSecrets)
  })

  it('the Playwright attachments (method-doctor.json and method-doctor.md, built as fixture.ts attaches them)', async () => {
    const r = report('playwright')
    await verifyAll(fromReport(JSON.parse(JSON.stringify(r, null, 2)) as Report), keepSecrets)
    await verifyAll(fromMarkdown(formatMarkdown(r, findingTranslator('en'))), keepSecrets)
  })
})

describe('hostile inputs, the rest', () => {
  it('"Copy finding as Markdown" (always redacted)', async () => {
    await verifyAll(
      findings.flatMap((f) => fromMarkdown(findingAsMarkdown(f, 'en'))),
      false,
    )
    // The same per-finding Markdown in Vietnamese carries the same code.
    const vi = findingTranslator('vi')
    await verifyAll(
      findings.flatMap((f) => fromMarkdown(findingMarkdown(reportFinding(f, vi), vi))),
      false,
    )
  })

  it('an Allow item that is not a method name is never a method, never a suggestion, and is named in a note', () => {
    for (const f of findings) {
      const c = cases[caseOf(f.request.url)]!
      for (const s of f.allowed.sources)
        for (const m of s.methods) expect(m === '*' || isMethodName(m)).toBe(true)
      for (const m of f.allowed.methods ?? []) expect(m === '*' || isMethodName(m)).toBe(true)
      const note = f.allowed.notes.find((x) => x.id === 'note_allow_bad_token')
      if (c.badTokens.length === 0) expect(note).toBeUndefined()
      else expect(note?.params?.tokens?.split(', ')).toEqual(c.badTokens)
    }
  })

  it("an OPTIONS probe's Allow: the same rule, the same note, and the call still runs as intended", async () => {
    const engine = new Engine()
    const url = `${O}/c0z/probed`
    engine.add(entry({ method: 'PATCH', url, status: 405, headers: { 'Content-Type': 'text/html' } }))
    const [t] = engine.takeProbeTargets()
    engine.addProbe({
      endpoint: t!.endpoint,
      url: t!.url,
      at: 1,
      steps: [
        {
          method: 'OPTIONS',
          url: t!.url,
          outcome: 'answered',
          status: 204,
          headers: { allow: "X$IFS'A.TK'|$0|X, `id`, DELETE, OPTIONS" },
          durationMs: 1,
        },
      ],
    })
    const [f] = engine.findings().filter((x) => x.allowed.sources.some((s) => s.source === 'probe-allow'))
    expect(f!.allowed.sources.find((s) => s.source === 'probe-allow')!.methods).toEqual(['DELETE', 'OPTIONS'])
    expect(f!.allowed.notes.find((x) => x.id === 'note_allow_bad_token')?.params).toEqual({
      tokens: "X$IFS'A.TK'|$0|X, `id`",
    })
    const curl = f!.snippets.find((s) => s.lang === 'curl')!.code
    const run = runCurl(curl)
    expect(run.decoys).toEqual([])
    expect(run.calls).toEqual([['-X', 'DELETE', url, '--data', '@body.json']])
  })

  it('property: random header values and Allow lists, every call runs as intended in all three languages', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom(
        "'",
        '"',
        '`',
        '$(',
        ')',
        '${',
        '}',
        ';',
        '|',
        '&',
        '\\',
        '\n',
        '\r',
        '\u2028',
        'é',
        '😀',
        '\u202e',
        '\u200b',
        '\u200e',
        '\ufeff',
        '{a,b}',
        '[1-3]',
      ),
    )
    const value = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''))
    const allow = fc.array(fc.oneof(fc.constantFrom('GET', 'PUT', 'delete', 'M-SEARCH', '*'), value), {
      maxLength: 4,
    })
    await fc.assert(
      fc.asyncProperty(value, value, allow, async (accept, requested, allowList) => {
        const url = `${O}/c0z/p/[1-3]?x={a,b}`
        const headers = { Accept: accept, 'X-Requested-With': requested, 'Content-Type': 'application/json' }
        const [f] = analyzeHar(
          har([
            entry({
              method: 'POST',
              url,
              status: 405,
              headers: { Allow: allowList.join(', ') },
              requestHeaders: headers,
            }),
          ]),
        )
        if (!f || f.snippets.length === 0) return
        const get = (lang: string) => f.snippets.find((s) => s.lang === lang)!.code
        const fetched = await runFetch(get('fetch'))
        expect(fetched.leaked).toEqual([])
        expect(fetched.calls).toHaveLength(1)
        const method = fetched.calls[0]!.method
        // Only a plain method name, and only the one used or one the Allow really lists.
        expect(isMethodName(method)).toBe(true)
        expect(method === 'POST' || parseMethodList(allowList.join(',')).includes(method)).toBe(true)
        const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)
        const c: Case = { target: url, method, body, headers, dropped: [], badTokens: [] }
        // What no request carries: controls and lone surrogates.
        c.dropped = (['Accept', 'X-Requested-With'] as const).filter((h) =>
          /[\p{Cc}\p{Cs}]/u.test(redactHeaderValue(h.toLowerCase(), headers[h])),
        )
        const want = intended(c, false, 'fetch')
        expect(fetched.calls[0]).toEqual(want)
        for (const shell of SHELLS) {
          const curl = runCurl(get('curl'), shell)
          const argv = [curlArgv(intended(c, false, 'curl'), body)]
          expect([curl.decoys, curl.created, curl.calls], shell).toEqual([[], [], argv])
          expect(curlGlobs(curl.calls[0]!), shell).toBe(false)
        }
        expect(parsesAsPython(get('httpx'))).toBe(true)
        const py = runHttpx(get('httpx'))
        expect(py.calls.map((x) => [x.method, x.url, x.headers])).toEqual([
          [want.method, want.url, want.headers.filter(([h]) => h !== 'Content-Type')],
        ])
      }),
      { numRuns: 30 },
    )
  })

  it('the note quotes at most three items, each cut at 40 code points without splitting a pair', () => {
    const long = `${'X'.repeat(39)}😀${'Y'.repeat(10)}`
    const [f] = analyzeHar(
      har([
        entry({
          method: 'POST',
          url: `${O}/c0z/n`,
          status: 405,
          headers: { Allow: `${long}, a.b, c|d, e$f, PUT` },
        }),
      ]),
    )
    expect(f!.allowed.methods).toEqual(['PUT'])
    expect(f!.allowed.notes.find((x) => x.id === 'note_allow_bad_token')?.params).toEqual({
      tokens: `${'X'.repeat(39)}😀…, a.b, c|d`,
    })
  })

  it('the note is text in every format: escaped in Markdown, cleaned for the terminal', async () => {
    const md = (await runCli('analyze', file, '--format', 'markdown')).out
    // The backticks of `id` are escaped, so no code span opens.
    expect(md).toContain('\\`id\\`')
    expect(md).toContain("X$IFS'A.TK'\\|$0\\|X")
    const text = (await runCli('analyze', file)).out
    expect(text).toContain('The Allow header holds what is not a method name')
    const json = JSON.parse((await runCli('analyze', file, '--json', '--lang', 'vi')).out) as Report
    const notes = json.findings.flatMap((f) =>
      f.allowed.notes.filter((x) => x.code === 'note_allow_bad_token'),
    )
    expect(notes.length).toBeGreaterThan(0)
    for (const x of notes) expect(x.text).toContain('không phải tên phương thức')
  })

  it('the bug this guards against: the old unquoted -X with such an Allow would have run a second command', () => {
    // Proof the harness sees a breakout: the old snippet shape, run the same way.
    const run = runCurl(`curl -X X$IFS'A.TK'|touch pwned-old|X 'https://a.test/'`)
    expect(run.decoys.map((d) => d[0])).toContain('touch')
  })
})

describe('the shells', () => {
  it.skipIf(MISSING_SHELLS.length === 0)(
    `curl snippets run in bash, zsh and fish where installed (.ci/run installs them; missing here: ${MISSING_SHELLS.join(', ')})`,
    () => {},
  )
})

const CURL = '/usr/bin/curl'

interface Received {
  method: string
  url: string
  body: string
}

/** A loopback server that records every request it gets and answers 204. */
async function recorder(): Promise<{ origin: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d: string) => {
      body += d
    })
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { origin, got, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const SHELL_EXE: Record<string, string[]> = {
  bash: ['/usr/bin/bash', '--noprofile', '--norc'],
  zsh: ['/usr/bin/zsh', '-f'],
  fish: ['/usr/bin/fish', '--no-config'],
}

/** Runs a snippet with the real curl, asynchronously (the recording server shares this process). */
async function realCurl(code: string, shell: string): Promise<{ status: number | null; stderr: string }> {
  const work = mkdtempSync(join(tmpdir(), 'md-real-curl-'))
  try {
    writeFileSync(join(work, 'body.json'), '{"x":1}')
    writeFileSync(join(work, 'snippet.sh'), `${code}\n`)
    const [exe, ...flags] = SHELL_EXE[shell]!
    // No proxy variables and no .curlrc: the request goes straight to the loopback server.
    const child = spawn(exe!, [...flags, 'snippet.sh'], {
      cwd: work,
      env: { PATH: '/usr/bin:/bin', HOME: work, LANG: 'C.UTF-8' },
      timeout: 20_000,
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const status = await new Promise<number | null>((r) => child.on('close', r))
    return { status, stderr }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

function loopbackFinding(url: string): string {
  const [f] = analyzeHar(
    har([
      entry({
        method: 'POST',
        url,
        status: 405,
        headers: { Allow: 'PUT' },
        requestHeaders: { 'Content-Type': 'application/json' },
      }),
    ]),
  )
  return f!.snippets.find((s) => s.lang === 'curl')!.code
}

describe.runIf(existsSync(CURL))('the real curl, against a loopback server', () => {
  it('a URL with {a,b} and [1-3] in its path and query: one request, to exactly that URL, in each shell', async () => {
    const srv = await recorder()
    try {
      const url = `${srv.origin}/c0z/[1-3]/{a,b}/x?n=[1-50]&h={x,y}&e=%5B1-2%5D`
      const code = loopbackFinding(url)
      const href = new URL(url)
      for (const shell of SHELLS) {
        srv.got.length = 0
        const run = await realCurl(code, shell)
        expect(run.status, `${shell}: ${run.stderr}`).toBe(0)
        expect(srv.got, `${shell}:\n${code}`).toEqual([
          { method: 'PUT', url: href.pathname + href.search, body: '{"x":1}' },
        ])
      }
    } finally {
      await srv.close()
    }
  })

  it('the bug this guards against: the same call without --globoff makes a request per expansion, and the stand-in check sees it', async () => {
    const srv = await recorder()
    try {
      const code = loopbackFinding(`${srv.origin}/c0z/[1-3]?h={x,y}`)
      expect(code).toContain('curl --globoff ')
      // The first round's shape, for this check only.
      const old = code.replace('--globoff ', '')
      const run = await realCurl(old, 'bash')
      expect(run.status, run.stderr).toBe(0)
      expect(srv.got).toHaveLength(6)
      expect(curlGlobs(runCurl(old).calls[0]!)).toBe(true)
    } finally {
      await srv.close()
    }
  })
})

describe('a corrected HEAD call', () => {
  it('curl asks with --head (with -X HEAD curl waits for a body that never comes); httpx and fetch say HEAD', async () => {
    const snippets = snippetsFor({ method: 'HEAD', url: 'https://api.test/x?a=1', headers: new Map() })
    const code = (lang: string) => snippets.find((s) => s.lang === lang)?.code ?? ''
    const run = runCurl(code('curl'))
    expect(run.calls).toEqual([['--head', 'https://api.test/x?a=1']])
    expect((await runFetch(code('fetch'))).calls.map((c) => c.method)).toEqual(['HEAD'])
    expect(runHttpx(code('httpx')).calls.map((c) => c.method)).toEqual(['HEAD'])
  })
})
