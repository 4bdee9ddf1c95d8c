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

/** HAR-shaped documents with random extra members, random formatting, sometimes a byte changed. */
const documents = fc
  .record({
    entries: fc.array(fc.oneof(entryLike, fc.jsonValue({ maxDepth: 3 })), { maxLength: 6 }),
    logExtra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    rootExtra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    indent: fc.constantFrom(0, 1, 2, '\t'),
    edit: fc.option(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('delete', 'insert', 'replace'),
        char: fc.constantFrom(',', ']', '}', '[', '{', '"', ':', ' ', 'x', '0', '\\', '\n'),
      }),
      { freq: 2 },
    ),
  })
  .map(({ entries, logExtra, rootExtra, indent, edit }) => {
    const { log: _l, ...root } = rootExtra
    const { entries: _e, ...log } = logExtra
    let text = JSON.stringify({ ...root, log: { ...log, entries } }, null, indent)
    if (edit) {
      const at = edit.at % (text.length + 1)
      text =
        edit.kind === 'delete'
          ? text.slice(0, at) + text.slice(at + 1)
          : edit.kind === 'insert'
            ? text.slice(0, at) + edit.char + text.slice(at)
            : text.slice(0, at) + edit.char + text.slice(at + 1)
    }
    return text
  })

describe('the HAR byte reader agrees with JSON.parse', () => {
  it(
    'on HAR-shaped documents, well formed or with one byte changed, and on any JSON text',
    () => {
      fc.assert(
        fc.property(fc.oneof(documents, fc.json({ maxDepth: 4 }), fc.string({ maxLength: 60 })), (text) => {
          const got: unknown[] = []
          const error = readHarBytes(new TextEncoder().encode(text), (e) => got.push(e))
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
        }),
        params(SHARE),
      )
    },
    timeoutFor(SHARE),
  )
})
