// The CLI's reading thread (dist/lib/read-worker.js, written by `npm run build`): the same report,
// warnings and refusals as reading in-process, on real captures and on the odd cases the thread
// must pass along (a later `entries` array winning, an entry over the budget, broken JSON).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { entry, har } from '../helpers/har'

const root = resolve(import.meta.dirname, '../..')
const thread = pathToFileURL(join(root, 'dist/lib/read-worker.js'))
const dir = mkdtempSync(join(tmpdir(), 'md-thread-'))

async function run(readerThread: URL | undefined, env: Record<string, string>, ...argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: false,
    env,
    ...(readerThread ? { readerThread } : {}),
  })
  return { code, out, err }
}

const both = async (env: Record<string, string>, ...argv: string[]) => ({
  threaded: await run(thread, env, ...argv),
  inProcess: await run(undefined, env, ...argv),
})

describe('the reading thread', () => {
  const files = readdirSync(join(root, 'test/fixtures'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.har'))
    .map((f) => join(root, 'test/fixtures', f))
    // A thread per file: every third capture is enough to compare.
    .filter((_, i) => i % 3 === 0)

  it('gives the same report as reading in-process, one file at a time and all together', async () => {
    expect(files.length).toBeGreaterThan(15)
    for (const file of files) {
      const { threaded, inProcess } = await both({}, 'analyze', file, '--json')
      expect(threaded, file).toEqual(inProcess)
    }
    const { threaded, inProcess } = await both({}, 'analyze', ...files, '--format', 'junit')
    expect(threaded).toEqual(inProcess)
    expect(threaded.out).toContain('<testsuite')
  })

  it('passes along a later entries array, an entry over the budget and broken JSON', async () => {
    const a = entry({
      method: 'POST',
      url: 'http://127.0.0.1:8405/a',
      status: 405,
      headers: { Allow: 'GET' },
    })
    const b = entry({ method: 'PUT', url: 'http://127.0.0.1:8405/b', status: 405, headers: { Allow: 'GET' } })
    const big = entry({
      method: 'GET',
      url: 'http://127.0.0.1:8405/big',
      status: 200,
      body: 'z'.repeat(700 * 1024),
    })
    const twice = join(dir, 'twice.har')
    writeFileSync(
      twice,
      `{"log":{"entries":[${JSON.stringify(a)},${JSON.stringify(big)}],"entries":[${JSON.stringify(b)},${JSON.stringify(big)}]}}`,
    )
    const first = join(dir, 'first.har')
    writeFileSync(first, JSON.stringify(har([a])))
    const broken = join(dir, 'broken.har')
    writeFileSync(broken, `${JSON.stringify(har([a, b])).slice(0, -3)},]}}`)
    // Broken inside an entry: the thread hands it on unparsed, the CLI's parse must say what
    // the in-process reader says.
    const inside = join(dir, 'inside.har')
    writeFileSync(
      inside,
      `{"log":{"entries":[${JSON.stringify(a)},{"request":{"method":"POST","url":"http://127.0.0.1:8405/c"},"response":{"status":405,"x":01}}]}}`,
    )
    for (const argv of [
      ['analyze', inside],
      ['analyze', twice, '--json'],
      ['analyze', first, twice, '--json'],
      ['analyze', broken],
    ]) {
      const { threaded, inProcess } = await both({ METHOD_DOCTOR_MEMORY_MB: '1' }, ...argv)
      expect(threaded, argv.join(' ')).toEqual(inProcess)
    }
    const r = await run(thread, { METHOD_DOCTOR_MEMORY_MB: '1' }, 'analyze', first, twice, '--json')
    const urls = (JSON.parse(r.out) as { findings: { request: { url: string } }[] }).findings.map(
      (f) => f.request.url,
    )
    expect(urls.sort()).toEqual(['http://127.0.0.1:8405/a', 'http://127.0.0.1:8405/b'])
    expect(r.err).toMatch(/skipped 1 entries larger than 0\.5 MB/)
    expect((await run(thread, {}, 'analyze', broken)).err).toMatch(/is not valid JSON/)
  })
})
