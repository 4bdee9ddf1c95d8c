// The streaming reader against the reader it replaced (test/helpers/reference-har-bytes.ts): on
// every fixture and on the engine fuzzer's hostile entries, cut into chunks anywhere, the engine
// finds the same findings, counts the same requests and sees each entry the same way, whether the
// entry was read lean or whole.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { normalizeEntry } from '../../src/core/har'
import { readHarBytes } from '../../src/core/har-bytes'
import { flattenEntry, unflatten } from '../../src/core/har-read/lean-wire'
import { readHarStream } from '../../src/core/har-stream'
import { PageSites } from '../../src/core/probe/page-sites'
import { hostileBatch, redirectPair } from '../fuzz/support/arbitraries'
import { params, timeoutFor } from '../fuzz/support/runs'
import { readHarBytes as referenceRead } from '../helpers/reference-har-bytes'

const FIXTURES = resolve(import.meta.dirname, '../fixtures')
const enc = (s: string) => new TextEncoder().encode(s)

function harFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return harFiles(p)
    return name.endsWith('.har') ? [p] : []
  })
}

/** What a consumer of the reader ends up with: the engine's findings, counts and page sites. */
interface Outcome {
  error: string | null
  findings: unknown
  entries: number
  serviceWorkerAnswers: number
  pages: string[]
  /** Each entry as the engine sees it. */
  exchanges: unknown[]
}

function consumer() {
  let engine = new Engine()
  let pages = new PageSites()
  let exchanges: unknown[] = []
  return {
    onEntry: (e: unknown) => {
      engine.add(e)
      pages.note(e)
      exchanges.push(normalizeEntry(e, 0))
    },
    onRestart: () => {
      engine = new Engine()
      pages = new PageSites()
      exchanges = []
    },
    outcome: (error: string | null): Outcome => ({
      error,
      findings: error ? null : engine.findings(),
      entries: engine.entries,
      serviceWorkerAnswers: engine.serviceWorkerAnswers,
      pages: [...pages.origins].sort(),
      exchanges,
    }),
  }
}

function reference(bytes: Uint8Array): Outcome {
  const c = consumer()
  const error = referenceRead(bytes, c.onEntry)
  return c.outcome(error?.code ?? null)
}

/** The new reader, lean, over `bytes` cut at `cuts` (sorted offsets). */
async function streamed(bytes: Uint8Array, cuts: readonly number[]): Promise<Outcome> {
  const c = consumer()
  const at = [0, ...cuts.filter((x) => x > 0 && x < bytes.length), bytes.length]
  const error = await readHarStream(
    {
      rereadable: true,
      async *chunks() {
        for (let i = 0; i + 1 < at.length; i++) yield bytes.slice(at[i], at[i + 1])
      },
    },
    { onEntry: c.onEntry, onRestart: c.onRestart, lean: true },
  )
  return c.outcome(error?.code ?? null)
}

/** Both readers refuse the same documents; which of two problems is named first may differ. */
function expectSame(got: Outcome, want: Outcome, what: string): void {
  if (want.error !== null || got.error !== null) {
    expect(got.error !== null, what).toBe(want.error !== null)
    const deepOrJson = ['json', 'too-deep']
    if (!(deepOrJson.includes(want.error!) && deepOrJson.includes(got.error!)))
      expect(got.error, what).toBe(want.error)
    return
  }
  expect(got, what).toEqual(want)
}

describe('the streaming reader finds what the whole-file reader found', () => {
  const files = harFiles(FIXTURES)

  it('on every fixture HAR, in one chunk and cut into small chunks', async () => {
    expect(files.length).toBeGreaterThan(40)
    for (const file of files) {
      const bytes = readFileSync(file)
      const want = reference(bytes)
      expectSame(await streamed(bytes, []), want, file)
      const cuts = Array.from({ length: Math.ceil(bytes.length / 997) }, (_, i) => i * 997 + (i % 7))
      expectSame(await streamed(bytes, cuts), want, `${file} in 1 KB chunks`)
    }
  })

  it('reads plain successes lean: none of their headers or bodies are built', async () => {
    const lean: unknown[] = []
    for (const file of files) {
      await readHarStream(
        {
          rereadable: true,
          chunks: async function* () {
            yield readFileSync(file)
          },
        },
        {
          onEntry: (e) => {
            const res = (e as { response?: object }).response ?? {}
            if (!('headers' in res) && !('content' in res)) lean.push(e)
          },
          lean: true,
        },
      )
    }
    expect(lean.length).toBeGreaterThan(100)
    for (const e of lean) {
      const x = normalizeEntry(e, 0)!
      expect(x.status === 304 || (x.status >= 200 && x.status < 300)).toBe(true)
      expect(x.method).not.toBe('OPTIONS')
    }
  })

  it(
    "on the engine fuzzer's hostile entries and redirect pairs, cut anywhere",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileBatch, redirectPair),
          fc.array(fc.nat(), { maxLength: 8 }),
          fc.constantFrom(0, 2),
          async (batch, cutSeeds, indent) => {
            let text: string
            try {
              text = JSON.stringify({ log: { version: '1.2', entries: batch } }, null, indent)
            } catch {
              return // A value JSON cannot write (BigInt, a cycle): no file holds it.
            }
            const bytes = enc(text)
            const cuts = cutSeeds.map((s) => s % (bytes.length + 1)).sort((a, b) => a - b)
            expectSame(await streamed(bytes, cuts), reference(bytes), text.slice(0, 300))
          },
        ),
        params(0.03),
      )
    },
    timeoutFor(0.03),
  )

  it('a later `entries` array wins even after the first was read and chunked: the consumer starts again', async () => {
    const a = JSON.stringify({
      request: { method: 'POST', url: 'http://a.test/x' },
      response: { status: 405 },
    })
    const b = JSON.stringify({
      request: { method: 'PUT', url: 'http://b.test/y' },
      response: { status: 405 },
    })
    const doc = `{"log":{"entries":[${a},${a}],"version":"1.2","entries":[${b}]}}`
    const bytes = enc(doc)
    const want = reference(bytes)
    expect(want.entries).toBe(1)
    expectSame(await streamed(bytes, [5, 40, 41, 90]), want, doc)
    // Not readable twice (stdin): said, not guessed.
    const once = await readHarStream(
      {
        rereadable: false,
        chunks: async function* () {
          yield bytes
        },
      },
      { onEntry: () => undefined, lean: true },
    )
    expect(once).toEqual({ code: 'reread' })
  })

  it('the in-memory reader agrees with the stream', async () => {
    for (const file of files.slice(0, 10)) {
      const bytes = readFileSync(file)
      const c = consumer()
      const error = readHarBytes(bytes, c.onEntry, undefined, { lean: true, onRestart: c.onRestart })
      expectSame(c.outcome(error?.code ?? null), reference(bytes), file)
    }
  })
})

describe('entries flattened for the reading thread (lean-wire.ts)', () => {
  it('come back, once unflattened, exactly as the values handed over in-process: lean and whole, every fixture', () => {
    const files = harFiles(FIXTURES)
    let lean = 0
    for (const file of files) {
      const bytes = readFileSync(file)
      const values: unknown[] = []
      const flat: unknown[] = []
      readHarBytes(bytes, (e) => values.push(e), undefined, { lean: true })
      readHarBytes(bytes, (e) => flattenEntry(e as Record<string, unknown> | string, flat), undefined, {
        lean: true,
        wholeAsText: true,
      })
      const back: unknown[] = []
      // Through a structured clone, as postMessage copies it.
      expect(unflatten(structuredClone(flat), (e) => back.push(e))).toBeNull()
      expect(back, file).toEqual(values)
      lean += back.filter((e) => !('headers' in ((e as { response?: object }).response ?? {}))).length
    }
    expect(lean).toBeGreaterThan(100)
  })
})
