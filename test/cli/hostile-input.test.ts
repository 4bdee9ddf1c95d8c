import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_DEPTH, nestsDeeperThan } from '../../src/cli/read-input'
import { SGR, TEXT_CONTROL } from '../fuzz/support/pipeline'
import { runCli, runCliWith } from '../helpers/cli'
import { entry, har } from '../helpers/har'

const dir = mkdtempSync(join(tmpdir(), 'md-hostile-'))
const root = resolve(import.meta.dirname, '../..')
const MB = 1024 * 1024
const O = 'http://127.0.0.1:8405'

afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(() => {
  vi.restoreAllMocks()
  delete process.env.METHOD_DOCTOR_MAX_MB
})

const run = runCli

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

/** Feeds `-` from a stream instead of the test runner's own stdin. */
function stdinFrom(...chunks: Buffer[]): void {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from(chunks) as unknown as typeof process.stdin)
}

/** Bad input: exit 2, nothing on stdout, exactly one `method-doctor: ...` line, no stack, no escapes. */
function expectOneCleanLine(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.out).toBe('')
  expect(r.err).toMatch(/^method-doctor: [^\n]+\n$/)
  expect(r.err).toMatch(pattern)
  expect(r.err).not.toMatch(/\n\s+at /)
  expect(r.err.slice(0, -1)).not.toMatch(TEXT_CONTROL)
}

describe('CLI under hostile input', () => {
  it('a truncated file', async () => {
    const full = JSON.stringify(har([entry({ method: 'POST', url: `${O}/x`, status: 405 })]))
    expectOneCleanLine(
      await run('analyze', write('trunc.har', full.slice(0, full.length >> 1))),
      /is not valid JSON .*truncated/,
    )
  })

  it('JSON that is broken outside the entries: trailing or leading garbage, stray commas', async () => {
    const full = JSON.stringify(har([entry({ method: 'POST', url: `${O}/x`, status: 405 })]))
    const broken = [
      `${full} this is not json`,
      `garbage ${full}`,
      full.replace(/\]\}\}$/, ',]}}'),
      full.replace(/\}$/, ',}'),
      `${full}}`,
    ]
    for (const [i, text] of broken.entries())
      expectOneCleanLine(await run('analyze', write(`broken-${i}.har`, text)), /is not valid JSON/)
    // The same document, well formed, is analysed.
    expect((await run('analyze', write('whole.har', `\n ${full} \n`))).code).toBe(1)
  })

  it('a 500 MB file of zeros is refused as binary from its first chunk, with memory unchanged', async () => {
    const path = join(dir, 'huge.har')
    // Sparse: the size is in the inode, no disk blocks are written.
    const fh = await open(path, 'w')
    await fh.truncate(500 * MB)
    await fh.close()
    const before = process.memoryUsage().rss
    const r = await run('analyze', path)
    const grown = process.memoryUsage().rss - before
    rmSync(path)
    expectOneCleanLine(r, /looks like a binary file/)
    expect(grown).toBeLessThan(100 * MB)
  })

  it('deeply nested JSON is refused before it is parsed, bare or inside a HAR', async () => {
    const bare = write('deep.json', `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)
    const before = process.memoryUsage().rss
    expectOneCleanLine(await run('analyze', bare), new RegExp(`nests JSON deeper than ${MAX_DEPTH} levels`))
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB)
    const inHar = write(
      'deep.har',
      `{"log":{"entries":[{"request":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]}}`,
    )
    expectOneCleanLine(await run('analyze', inHar), /deeper than/)
  })

  it('a large file without log.entries is called not a HAR file without being parsed whole', async () => {
    const rss = process.memoryUsage().rss
    const r = await runCli('analyze', write('values.json', `{"x":[${'0,'.repeat(10_000_000)}0]}`))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^method-doctor: .*not a HAR file/)
    // Parsed, those 20 MB of tiny values would cost hundreds of MB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024)
  })

  it('an entry crafted from millions of tiny values is skipped and said; the rest is analysed', async () => {
    const good = entry({
      method: 'POST',
      url: 'http://127.0.0.1:8405/api/items',
      status: 405,
      headers: { Allow: 'GET' },
    })
    const bomb = {
      ...entry({ method: 'GET', url: 'http://127.0.0.1:8405/x', status: 200 }),
      _pad: [] as number[],
    }
    const text = JSON.stringify(har([good, bomb])).replace('"_pad":[]', `"_pad":[${'0,'.repeat(1_200_000)}0]`)
    const r = await runCli('analyze', write('bomb.har', text), '--json')
    expect(r.err).toMatch(/^method-doctor: .*skipped 1 entries of more than 1,000,000 values/)
    expect(r.code).toBe(1)
    expect((JSON.parse(r.out) as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toEqual([
      'wrong-method',
    ])
  })

  it('ordinary nesting (Chrome initiator stacks) still parses', async () => {
    let initiator: unknown = { callFrames: [] }
    for (let i = 0; i < 60; i++) initiator = { callFrames: [{ url: `${O}/app.js` }], parent: initiator }
    const e = {
      ...entry({ method: 'GET', url: `${O}/`, status: 200 }),
      _initiator: { type: 'script', stack: initiator },
    }
    const r = await run('analyze', write('initiator.har', JSON.stringify(har([e]))))
    expect(r.code).toBe(0)
    expect(r.out).toContain('no findings')
  })

  it('the depth scan ignores brackets inside strings and escaped quotes', () => {
    const depth = (s: string, limit: number) => nestsDeeperThan(Buffer.from(s), limit)
    expect(depth('{"a":"[[[[[[[[[["}', 1)).toBe(false)
    expect(depth('{"a":"\\"[[[[","b":[1]}', 1)).toBe(true)
    expect(depth('{"a":"\\\\"}', 1)).toBe(false)
    expect(depth('[[[]]]', 3)).toBe(false)
    expect(depth('[[[[]]]]', 3)).toBe(true)
  })

  it('a binary file, UTF-16 text, a directory, a missing file', async () => {
    expectOneCleanLine(
      await run(
        'analyze',
        write('png.har', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])),
      ),
      /looks like a binary file/,
    )
    expectOneCleanLine(
      await run('analyze', write('utf16.har', Buffer.from(`\ufeff${JSON.stringify(har([]))}`, 'utf16le'))),
      /binary/,
    )
    const sub = join(dir, 'a-directory.har')
    mkdirSync(sub)
    expectOneCleanLine(await run('analyze', sub), /it is a directory/)
    expectOneCleanLine(await run('analyze', join(dir, 'nope.har')), /no such file/)
  })

  it('a file with a UTF-8 BOM is read like any other', async () => {
    const body = JSON.stringify(
      har([entry({ method: 'POST', url: `${O}/api/orders`, status: 405, headers: { Allow: 'GET' } })]),
    )
    const r = await run('analyze', write('bom.har', `\ufeff${body}`), '--json')
    expect(r.code).toBe(1)
    expect((JSON.parse(r.out) as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toContain(
      'wrong-method',
    )
  })

  it('a HAR whose entries is not an array; a HAR with no entries', async () => {
    for (const entries of ['{}', '"entries"', 'null', '42', '{"0":{}}']) {
      expectOneCleanLine(
        await run('analyze', write('not-array.har', `{"log":{"entries":${entries}}}`)),
        /not a HAR file: it has no log\.entries array/,
      )
    }
    const r = await run('analyze', write('zero.har', JSON.stringify(har([]))))
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.out).toMatch(/^Method Doctor: no findings in .*zero\.har\.\n$/)
  })

  it('stdin "-" with garbage: one clear line, exit 2', async () => {
    stdinFrom(Buffer.from('GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n\u001b[2J'))
    expectOneCleanLine(await run('analyze', '-'), /^method-doctor: - is not valid JSON/)
  })

  it('stdin "-" is read as a stream: an entry larger than the memory budget allows is skipped and said, the rest analysed', async () => {
    const huge = entry({ method: 'GET', url: `${O}/big`, status: 200, body: 'x'.repeat(600 * 1024) })
    const failing = entry({
      method: 'DELETE',
      url: `${O}/api/items/1`,
      status: 405,
      headers: { Allow: 'GET' },
    })
    const text = JSON.stringify(har([huge, failing]))
    // In 64 KB pieces, as a pipe delivers it.
    const pieces = Array.from({ length: Math.ceil(text.length / 65536) }, (_, i) =>
      Buffer.from(text.slice(i * 65536, (i + 1) * 65536)),
    )
    stdinFrom(...pieces)
    const r = await runCliWith({ env: { METHOD_DOCTOR_MEMORY_MB: '1' } }, 'analyze', '-', '--json')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /skipped 1 entries larger than 0\.5 MB each \(half the 1 MB memory budget; METHOD_DOCTOR_MEMORY_MB raises it\)/,
    )
    const report = JSON.parse(r.out) as { findings: { kind: string; request: { url: string } }[] }
    expect(report.findings.map((f) => `${f.kind} ${f.request.url}`)).toEqual([
      `wrong-method ${O}/api/items/1`,
    ])
  })

  it('JSON errors quote the input: escapes, CR/LF and bidi in it never reach the terminal', async () => {
    const hostile = write('quote.har', '{"log": \u001b[2J\u001b]0;pwned\u0007\r\nFAKE: line \u202eevil}')
    expectOneCleanLine(await run('analyze', hostile), /not valid JSON/)
    const named = join(dir, 'evil\u001b[2J\r\u202e.har')
    expectOneCleanLine(await run('analyze', named), /no such file/)
    const opt = await run('analyze', named, '--format', '\u001b[2Jxml')
    expect(opt.code).toBe(2)
    expect(opt.err.split('\n')[0]).not.toMatch(TEXT_CONTROL)
  })

  it('terminal injection through URLs, headers and bodies never reaches the text report', async () => {
    const esc = '\u001b[2J\u001b[1;1H'
    const entries = [
      entry({
        method: 'POST',
        url: `${O}/api/${esc}orders\r\u202eevil`,
        status: 405,
        headers: { Allow: `GET, ${esc}`, Server: `Werkzeug ${esc}\r` },
      }),
      entry({ method: 'POST', url: `not a url ${esc}\nFAKE LINE\tx`, status: 405 }),
      entry({ method: 'PUT', url: `${O}/p`, status: 403, headers: { Via: `1.1 ${esc}proxy\r\u2066x` } }),
      entry({ method: 'POST', url: `${O}/r`, status: 301, redirectURL: `/r/${esc}\u202e` }),
      entry({ method: 'GET', url: `${O}/r/${esc}\u202e`, status: 405 }),
      entry({ method: 'DELETE', url: `${O}/n`, status: 404, body: `Cannot DELETE /n${esc}` }),
      entry({ method: 'GET', url: `${O}/n`, status: 200 }),
    ]
    const file = write('inject.har', JSON.stringify(har(entries)))
    const plain = await run('analyze', file, '--no-color')
    expect(plain.code).toBe(1)
    expect(plain.out).toContain('[Wrong method]')
    expect(plain.out).not.toMatch(TEXT_CONTROL)
    expect(plain.out).not.toMatch(/^FAKE LINE/m)
    const color = await run('analyze', file, '--color')
    expect(color.out.replace(SGR, '')).not.toMatch(TEXT_CONTROL)
  })

  it.skipIf(!existsSync(join(root, 'dist/lib/cli.js')))(
    'the built CLI, spawned: garbage on stdin gives one line and exit 2',
    () => {
      const r = spawnSync(process.execPath, [join(root, 'bin/method-doctor.js'), 'analyze', '-'], {
        input: 'garbage\u001b[2J\r\nFAKE \u202e{"log":',
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      })
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(/^method-doctor: [^\n]+\n$/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(r.stderr.slice(0, -1)).not.toMatch(TEXT_CONTROL)
    },
  )

  it.skipIf(!existsSync(join(root, 'dist/lib/cli.js')))(
    'the built CLI, spawned: a reader that leaves early (| head) ends it quietly, no EPIPE stack',
    async () => {
      const entries = Array.from({ length: 2000 }, (_, i) =>
        entry({ method: 'POST', url: `${O}/api/i${i}`, status: 405, headers: { Allow: 'GET' } }),
      )
      const file = write('many.har', JSON.stringify(har(entries)))
      const child = spawn(process.execPath, [join(root, 'bin/method-doctor.js'), 'analyze', file], {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let err = ''
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString()
      })
      // Read one chunk, then hang up, as `head -1` does.
      child.stdout.once('data', () => child.stdout.destroy())
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(err).not.toMatch(/EPIPE|\n\s+at /)
      expect(code === 0 || code === 1).toBe(true)
    },
    20_000,
  )
})
