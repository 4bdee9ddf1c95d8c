/**
 * A hostile server (`Allow`) and a hostile page (request headers, URL) against every output that
 * carries a corrected call: the engine's findings (what the panel shows and copies), the report,
 * the CLI's JSON / Markdown / text / JUnit, the panel's exports and "Copy finding as Markdown",
 * and the Playwright attachments. Every snippet found in each is run: curl in bash with a stand-in
 * curl (exactly one call, exactly the intended argv, nothing else started), fetch in a VM with a
 * recording fetch, httpx in python3 with a recording httpx. With and without secrets kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { analyzeHar } from '../../src/core/analyze'
import { Engine } from '../../src/core/engine'
import { findingMarkdown, formatMarkdown } from '../../src/core/format/markdown'
import { isMethodName, parseMethodList } from '../../src/core/headers'
import { findingTranslator } from '../../src/core/messages-bundle'
import { redactHeaderValue, redactUrl } from '../../src/core/redact'
import { buildReport, type Report, reportFinding } from '../../src/core/report'
import type { Finding } from '../../src/core/types'
import { findingAsMarkdown, reportJson, reportMarkdown } from '../../src/panel/report-text'
import { runCli } from '../helpers/cli'
import { entry, har } from '../helpers/har'
import {
  curlArgv,
  markdownSnippets,
  parsesAsPython,
  runCurl,
  runFetch,
  runHttpx,
  type SentCall,
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
/** Values no request can carry (line breaks): the header is left out and named. */
const UNCARRIABLE = ['a\r\nX-Injected: 1', 'a\nb', 'a\rb']

/** `Allow` values from a hostile server, with the method the corrected call must use. */
const ALLOWS: [allow: string, method: string][] = [
  ["GET, X$IFS'A.TK'|$0|X, PUT", 'PUT'],
  ['PUT, `id`, GET', 'PUT'],
  ['$(touch pwned-allow), PUT', 'PUT'],
  ["X|sh, X&X, X'Y, PUT", 'PUT'],
  ['*, PUT', 'PUT'],
  ["X$IFS'A.TK'|$0|X", 'POST'],
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
  /** Header names that must be left out. */
  dropped: string[]
  /** The `Allow` items the finding must name as not a method. */
  badTokens: string[]
}

const cases: Case[] = []
const entries: Record<string, unknown>[] = []
let n = 0
for (const value of [...CARRIABLE, ...UNCARRIABLE]) {
  const i = n++
  const [allow, method] = ALLOWS[i % ALLOWS.length]!
  const carriable = CARRIABLE.includes(value)
  // The path and query carry shell and script characters too (kept raw by the URL parser).
  const url = `${O}/c${i}z/'$(touch%20pwned-path)|x;y&z\`id\`?q=${encodeURIComponent(value)}&a='$(touch pwned-q)'&token=tok-secret-${i}`
  const headers: Record<string, string> = {
    'Content-Type': i === 3 ? 'text/plain; x-auth-token: 1' : 'application/json',
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

/** The call a case's snippet must make: values redacted as values (unless kept), never as code. */
function intended(c: Case, keepSecrets: boolean): SentCall {
  const opts = { keepSecrets }
  return {
    method: c.method,
    url: redactUrl(new URL(c.target).href, opts),
    headers: KEEP.filter((h) => c.headers[h] !== undefined && !c.dropped.includes(h)).map((h) => [
      h,
      redactHeaderValue(h.toLowerCase(), c.headers[h]!, opts),
    ]),
  }
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
  const want = intended(c, keepSecrets)
  const key = `${s.lang}\0${keepSecrets}\0${s.case}\0${s.code}`
  if (verified.has(key)) return
  const where = `case ${s.case} ${s.lang}${keepSecrets ? ' (secrets kept)' : ''}:\n${s.code}`
  if (!keepSecrets) for (const secret of SECRETS(s.case)) expect(s.code, where).not.toContain(secret)
  for (const name of c.dropped) expect(s.code, where).toContain(`Left out: ${name}`)
  if (s.lang === 'curl') {
    const run = runCurl(s.code)
    expect(run.decoys, where).toEqual([])
    expect(run.created, where).toEqual([])
    expect(run.status, `${where}\n${run.stderr}`).toBe(0)
    expect(run.calls, where).toEqual([curlArgv(want, c.body)])
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
      ),
    )
    const value = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''))
    const allow = fc.array(fc.oneof(fc.constantFrom('GET', 'PUT', 'delete', 'M-SEARCH', '*'), value), {
      maxLength: 4,
    })
    await fc.assert(
      fc.asyncProperty(value, value, allow, async (accept, requested, allowList) => {
        const url = `${O}/c0z/p?x=1`
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
        // biome-ignore lint/suspicious/noControlCharactersInRegex: what no call can carry.
        const bad = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u
        c.dropped = (['Accept', 'X-Requested-With'] as const).filter((h) =>
          bad.test(redactHeaderValue(h.toLowerCase(), headers[h])),
        )
        const want = intended(c, false)
        expect(fetched.calls[0]).toEqual(want)
        const curl = runCurl(get('curl'))
        expect([curl.decoys, curl.created, curl.calls]).toEqual([[], [], [curlArgv(want, body)]])
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
