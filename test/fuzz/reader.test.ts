// The HAR byte reader (CLI and panel import) against JSON.parse, the reference: on any text it
// never throws, refuses exactly what JSON.parse refuses, and hands over the same entries.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { harEntries } from '../../src/core/har'
import { readHarBytes } from '../../src/core/har-bytes'
import { ORIGINS } from './support/arbitraries'
import { params, timeoutFor } from './support/runs'

const SHARE = 0.06

const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Entry-shaped JSON (the engine's own hostile arbitraries hold values JSON cannot write). */
const entryLike = fc.record({
  request: fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT'),
    url: fc.constantFrom(...ORIGINS).map((o) => `${o}/api/x`),
    headers: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), value: fc.string({ maxLength: 12 }) }), {
      maxLength: 3,
    }),
  }),
  response: fc.record({
    status: fc.constantFrom(0, 200, 301, 404, 405),
    content: fc.record({ text: fc.string({ maxLength: 20 }) }),
  }),
})

/** One byte deleted, inserted or replaced: the reader must refuse exactly when JSON.parse does. */
const edits = fc.option(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete', 'insert', 'replace'),
    char: fc.constantFrom(',', ']', '}', '[', '{', '"', ':', ' ', 'x', '0', '\\', '\n'),
  }),
  { freq: 2 },
)

function edited(text: string, edit: { at: number; kind: string; char: string } | null): string {
  if (!edit) return text
  const at = edit.at % (text.length + 1)
  return edit.kind === 'delete'
    ? text.slice(0, at) + text.slice(at + 1)
    : edit.kind === 'insert'
      ? text.slice(0, at) + edit.char + text.slice(at)
      : text.slice(0, at) + edit.char + text.slice(at + 1)
}

/** HAR-shaped documents with random extra members, random formatting, sometimes a byte changed. */
const documents = fc
  .record({
    entries: fc.array(fc.oneof(entryLike, fc.jsonValue({ maxDepth: 3 })), { maxLength: 6 }),
    logExtra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    rootExtra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    indent: fc.constantFrom(0, 1, 2, '\t'),
    edit: edits,
  })
  .map(({ entries, logExtra, rootExtra, indent, edit }) => {
    const { log: _l, ...root } = rootExtra
    const { entries: _e, ...log } = logExtra
    return edited(JSON.stringify({ ...root, log: { ...log, entries } }, null, indent), edit)
  })

/** A key as JSON text, now and then with some characters as \\u escapes (JSON.parse reads them as the letter). */
const spelled = (key: string) =>
  fc.oneof(
    { arbitrary: fc.constant(JSON.stringify(key)), weight: 3 },
    fc
      .array(fc.boolean(), { minLength: key.length, maxLength: key.length })
      .map(
        (escaped) =>
          `"${Array.from(key, (c, i) => (escaped[i] ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`,
      ),
  )

/** An object written by hand from members whose keys may repeat (JSON.stringify never repeats one). */
const objectText = (members: fc.Arbitrary<[string, string]>, maxLength: number) =>
  fc.array(members, { maxLength }).map((ms) => `{${ms.map(([k, v]) => `${k}:${v}`).join(',')}}`)

const jsonText = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))

/** An entry whose request, response or some of their fields appear twice, the last copy from `second`. */
const entryWithDuplicates = fc
  .tuple(entryLike, entryLike, fc.subarray(['request', 'response', 'method', 'url', 'status'] as const))
  .map(([first, second, twice]) => {
    const req = (r: typeof first.request) => ({ method: r.method, url: r.url, headers: r.headers })
    const members = (a: object, b: object, keys: readonly string[]) =>
      Object.keys(a)
        .flatMap((k) =>
          keys.includes(k)
            ? [`${JSON.stringify(k)}:${JSON.stringify((b as Record<string, unknown>)[k])}`]
            : [],
        )
        .concat(Object.entries(a).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`))
    const request = `{${members(req(second.request), req(first.request), twice).join(',')}}`
    const response = `{${members(second.response, first.response, twice).join(',')}}`
    // A whole request or response written twice: the first (losing) copy from the other entry.
    const head = (['request', 'response'] as const)
      .filter((k) => twice.includes(k))
      .map((k) => `"${k}":${JSON.stringify(first[k])},`)
      .join('')
    return `{${head}"request":${request},"response":${response}}`
  })

const entriesText = fc
  .array(
    fc.oneof(
      entryWithDuplicates,
      entryLike.map((e) => JSON.stringify(e)),
      jsonText,
    ),
    { maxLength: 4 },
  )
  .map((es) => `[${es.join(',')}]`)

/** `log` objects with repeated `entries` (some spelled with escapes), or something else. */
const logText = objectText(
  fc.oneof(
    fc.tuple(spelled('entries'), fc.oneof({ arbitrary: entriesText, weight: 4 }, jsonText)),
    fc.tuple(fc.constantFrom('"version"', '"entrie"', '"entries "'), fc.oneof(entriesText, jsonText)),
  ),
  4,
)

/** Documents with repeated `log` keys, formatted as written, sometimes a byte changed. */
const duplicated = fc
  .record({
    doc: objectText(
      fc.oneof(
        fc.tuple(spelled('log'), fc.oneof({ arbitrary: logText, weight: 4 }, jsonText)),
        fc.tuple(fc.constantFrom('"x"', '"Log"', '"creator"'), fc.oneof(logText, jsonText)),
      ),
      4,
    ),
    edit: edits,
  })
  .map(({ doc, edit }) => edited(doc, edit))

describe('the HAR byte reader agrees with JSON.parse', () => {
  it(
    'on HAR-shaped documents, well formed or with one byte changed, with repeated keys (the last wins), and on any JSON text',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(documents, duplicated, fc.json({ maxDepth: 4 }), fc.string({ maxLength: 60 })),
          (text) => {
            let got: unknown[] = []
            const error = readHarBytes(new TextEncoder().encode(text), (e) => got.push(e), undefined, {
              onRestart: () => (got = []),
            })
            let reference: unknown
            try {
              reference = JSON.parse(text.replace(/^\uFEFF/, ''))
            } catch {
              expect(error, text).not.toBeNull()
              return
            }
            let want: unknown[]
            try {
              want = harEntries(reference)
            } catch {
              expect(error?.code, text).toBe('not-har')
              return
            }
            expect(error, text).toBeNull()
            expect(got.filter(isPlainObject)).toEqual(want.filter(isPlainObject))
          },
        ),
        params(SHARE),
      )
    },
    timeoutFor(SHARE),
  )
})
