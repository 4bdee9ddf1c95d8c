import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliWith } from '../helpers/cli'
import { entry, har } from '../helpers/har'
import { schemaErrors } from '../helpers/schema'

const dir = mkdtempSync(join(tmpdir(), 'md-cli-'))
const O = 'http://127.0.0.1:8405'

const run = runCli

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

let broken = ''
let clean = ''
let warnOnly = ''

beforeAll(() => {
  broken = write(
    'broken.har',
    JSON.stringify(
      har([
        entry({ method: 'POST', url: `${O}/api/orders`, status: 301, redirectURL: '/api/orders/' }),
        entry({ method: 'GET', url: `${O}/api/orders/`, status: 405, headers: { Allow: 'POST, OPTIONS' } }),
        entry({
          method: 'POST',
          url: `${O}/api/items?token=s3cr3t-value`,
          status: 405,
          headers: { Allow: 'GET, HEAD' },
          requestHeaders: { Authorization: 'Bearer abcdefghijkl', 'Content-Type': 'application/json' },
        }),
      ]),
    ),
  )
  clean = write('clean.har', JSON.stringify(har([entry({ method: 'GET', url: `${O}/`, status: 200 })])))
  warnOnly = write(
    'warn.har',
    JSON.stringify(
      har([
        entry({ method: 'POST', url: `${O}/x`, status: 307, redirectURL: '/x/' }),
        entry({ method: 'POST', url: `${O}/x/`, status: 500 }),
      ]),
    ),
  )
})

describe('method-doctor analyze', () => {
  it('text report: grouped by endpoint, chain per hop, allowed beside used, a fix snippet; exit 1 on errors', async () => {
    const r = await run('analyze', broken)
    expect(r.code).toBe(1)
    expect(r.out).toContain('POST 301 → GET 405')
    expect(r.out).toMatch(/1\. POST http:\/\/127\.0\.0\.1:8405\/api\/orders {2}301/)
    expect(r.out).toContain('Method used: POST')
    expect(r.out).toContain("$ curl -X POST 'http://127.0.0.1:8405/api/orders/'")
    expect(r.out).not.toContain('\x1b[')
  })

  it('--json matches the documented schema and carries no secret', async () => {
    const r = await run('analyze', broken, '--json')
    const report = JSON.parse(r.out) as { findings: { kind: string }[] }
    expect(schemaErrors(report)).toBe('')
    expect(report.findings.map((f) => f.kind).sort()).toEqual([
      'redirect-method-change',
      'trailing-slash-redirect',
      'wrong-method',
    ])
    expect(r.out).not.toContain('s3cr3t-value')
    expect(r.out).not.toContain('abcdefghijkl')
    expect(r.out).toContain('token=REDACTED')
  })

  it('--fail-on decides the exit code', async () => {
    expect((await run('analyze', clean)).code).toBe(0)
    expect((await run('analyze', warnOnly)).code).toBe(0)
    expect((await run('analyze', warnOnly, '--fail-on', 'warning')).code).toBe(1)
    expect((await run('analyze', broken, '--fail-on', 'never')).code).toBe(0)
  })

  it('--lang vi speaks Vietnamese', async () => {
    const r = await run('analyze', broken, '--lang', 'vi')
    expect(r.out).toContain('Phương thức đã dùng')
  })

  it('markdown and junit formats; several files at once', async () => {
    const md = await run('analyze', broken, clean, '--format', 'markdown')
    expect(md.out).toMatch(/^## Method Doctor: 3 finding/)
    expect(md.out).toContain('```sh')
    const junit = await run('analyze', broken, '--format=junit')
    expect(junit.out).toContain('<testsuites name="method-doctor" tests="2" failures="2">')
    expect(junit.out.match(/<testcase /g)).toHaveLength(2)
    // A clean endpoint is a passing testcase; a hop of a failing chain is not one of its own.
    const both = await run('analyze', broken, clean, '--format=junit')
    expect(both.out).toContain('<testsuites name="method-doctor" tests="3" failures="2">')
    expect(both.out).toContain(`<testcase classname="method-doctor" name="GET ${O}/"/>`)
    expect(both.out).not.toContain(`name="GET ${O}/api/orders/"`)
    const none = await run('analyze', clean, '--format=junit')
    expect(none.out).toContain('<testsuites name="method-doctor" tests="1" failures="0">')
  })

  it('bad input: one clear line on stderr, exit 2, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['analyze', join(dir, 'nope.har')], /no such file/],
      [['analyze', dir], /directory/],
      // A path through a regular file: stat fails with ENOTDIR, which is neither missing nor a directory.
      [['analyze', join(broken, 'inner.har')], /cannot read .*ENOTDIR/],
      [['analyze', write('empty.har', '')], /empty/],
      [['analyze', write('trunc.har', '{"log":{"entries":[{"request":')], /not valid JSON/],
      [['analyze', write('bin.har', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]))], /binary/],
      [['analyze', write('nothar.json', '{"hello":1}')], /not a HAR file/],
      [
        ['analyze', write('deep.har', '['.repeat(200_000) + ']'.repeat(200_000))],
        /deeper|not valid JSON|not a HAR file/,
      ],
      [['analyze', broken, '--format', 'xml'], /unknown or incomplete option/],
      [['analyze'], /no HAR file given/],
    ]
    for (const [argv, pattern] of cases) {
      const r = await run(...argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err, argv.join(' ')).toMatch(pattern)
      expect(r.err.trim().split('\n')[0]).toMatch(/^method-doctor: /)
      expect(r.err).not.toMatch(/\n\s+at /)
      expect(r.out).toBe('')
    }
  })

  it('colour only on a terminal, never with NO_COLOR or when piped; --color forces it', async () => {
    const esc = String.fromCharCode(27)
    expect((await runCliWith({ isTTY: true }, 'analyze', broken)).out).toContain(`${esc}[`)
    expect((await runCliWith({ isTTY: true, env: { NO_COLOR: '1' } }, 'analyze', broken)).out).not.toContain(
      esc,
    )
    expect((await runCliWith({ isTTY: false }, 'analyze', broken)).out).not.toContain(esc)
    expect((await runCliWith({ isTTY: false }, 'analyze', broken, '--color')).out).toContain(`${esc}[`)
  })

  it('no file-size cap: a file of any size is read as a stream; the memory budget only bounds one entry', async () => {
    const big = write('big.har', JSON.stringify(har([])) + ' '.repeat(2 * 1024 * 1024))
    const small = await runCliWith({ env: { METHOD_DOCTOR_MEMORY_MB: '1' } }, 'analyze', big)
    expect(small.code).toBe(0)
    expect(small.err).toBe('')
    // The old name of the setting (a file-size cap) still sets the budget.
    const huge = write(
      'huge-entry.har',
      JSON.stringify(
        har([
          entry({ method: 'GET', url: 'http://127.0.0.1:8405/x', status: 200, body: 'y'.repeat(700 * 1024) }),
        ]),
      ),
    )
    const old = await runCliWith({ env: { METHOD_DOCTOR_MAX_MB: '1' } }, 'analyze', huge)
    expect(old.code).toBe(0)
    expect(old.err).toMatch(/skipped 1 entries larger than 0\.5 MB each/)
    expect((await runCliWith({ env: {} }, 'analyze', huge)).err).toBe('')
  })
})

describe('--include-secrets', () => {
  it('warns on stderr in every format, and the report says so', async () => {
    for (const format of ['text', 'json', 'markdown', 'junit']) {
      const r = await run('analyze', broken, '--format', format, '--include-secrets')
      expect(r.err, format).toContain('includes secrets')
      expect(r.out, format).toContain('s3cr3t-value')
      const plain = await run('analyze', broken, '--format', format)
      expect(plain.err, format).not.toContain('includes secrets')
      expect(plain.out, format).not.toContain('s3cr3t-value')
    }
    const json = JSON.parse((await run('analyze', broken, '--json', '--include-secrets')).out)
    expect(json.secretsIncluded).toBe(true)
    expect(schemaErrors(json)).toBe('')
  })
})
