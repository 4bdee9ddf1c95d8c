import { describe, expect, it } from 'vitest'
import { type ComparableFinding, compareFindings } from '../../bench/big/compare-findings'
import { EntrySplitter } from '../../bench/big/entry-splitter'
import { parseArgs } from '../../bench/lib/args'

/** Splits `doc` into chunks of `size` bytes and returns the parsed entries the splitter found. */
function split(doc: string, size: number): unknown[] {
  const bytes = Buffer.from(doc)
  const s = new EntrySplitter()
  const out: unknown[] = []
  for (let i = 0; i < bytes.length; i += size)
    s.push(Buffer.from(bytes.subarray(i, i + size)), (b) => out.push(JSON.parse(b.toString('utf8'))))
  s.end()
  return out
}

// Everything that could fool a byte scanner: escaped quotes and backslashes (also at chunk
// edges), brackets and the word "entries" inside strings, nested `entries` keys inside an
// entry, `pages` before the entries, multi-byte UTF-8, and whitespace between tokens.
const DOC = JSON.stringify(
  {
    log: {
      version: '1.2',
      creator: { name: 'x"]}{[', version: '\\' },
      pages: [{ id: 'entries', title: '"entries":[' }],
      entries: [
        { request: { url: 'http://a/"q"\\', method: 'GET' }, response: { status: 200 } },
        { request: { url: 'http://b/ü€😀', method: 'POST' }, entries: [{ x: 1 }], note: '\\\\"}]' },
        { deep: [[[{ a: ['}', ']', '\\"'] }]]], n: 1.5e3, t: true, z: null },
      ],
      comment: 'after',
    },
  },
  null,
  1,
)

describe('EntrySplitter (the big section’s reference read)', () => {
  it('finds exactly the log.entries elements at every chunk size', () => {
    const want = (JSON.parse(DOC) as { log: { entries: unknown[] } }).log.entries
    for (let size = 1; size <= DOC.length + 1; size++) expect(split(DOC, size), `chunk ${size}`).toEqual(want)
  })

  it('ignores an entries array outside log', () => {
    expect(split('{"other":{"entries":[{"a":1}]},"log":{"entries":[{"b":2}]}}', 7)).toEqual([{ b: 2 }])
  })

  it('says when the document is cut short', () => {
    const s = new EntrySplitter()
    s.push(Buffer.from('{"log":{"entries":[{"a":"b'), () => undefined)
    expect(() => s.end()).toThrow(/truncated/)
  })
})

const finding = (id: string, count: number, extra: Record<string, unknown> = {}): ComparableFinding => ({
  id,
  kind: 'wrong-method',
  request: { method: 'POST', url: `http://h/${id}` },
  status: 405,
  count,
  ...extra,
})

describe('compareFindings', () => {
  it('counts nothing when both lists hold the same findings, key order aside', () => {
    const a = [finding('a', 3, { evidence: [{ code: 'x', text: 't' }] })]
    const b = [{ evidence: [{ text: 't', code: 'x' }], ...finding('a', 3) }]
    const d = compareFindings(a, b)
    expect(d.differing).toBe(0)
    expect(d.sameOrder).toBe(true)
  })

  it('names missing, extra, recounted and otherwise changed findings', () => {
    const expected = [finding('a', 3), finding('b', 1), finding('c', 2, { status: 404 })]
    const actual = [finding('c', 2, { status: 405 }), finding('a', 4), finding('d', 1)]
    const d = compareFindings(expected, actual)
    expect(d.missing).toEqual(['wrong-method POST http://h/b'])
    expect(d.extra).toEqual(['wrong-method POST http://h/d'])
    expect(d.countChanged).toEqual(['wrong-method POST http://h/a: 3 → 4'])
    expect(d.otherwiseChanged).toEqual(['wrong-method POST http://h/c: status'])
    expect(d.differing).toBe(4)
    expect(d.sameOrder).toBe(false)
  })
})

describe('bench --sizes', () => {
  it('takes a size in bytes as the big-file section’s workload and keeps the entry sizes', () => {
    const a = parseArgs(['--sizes=1k,1.2g'])
    expect(a.sizes).toEqual([1000])
    expect(a.big).toEqual({ bytes: Math.round(1.2 * 2 ** 30), label: '1.2g' })
    expect(parseArgs(['--sizes=300m']).big).toEqual({ bytes: 300 * 2 ** 20, label: '300m' })
    expect(parseArgs(['--sizes=300m']).sizes).toEqual([1000, 10_000, 100_000])
    expect(parseArgs([]).big.label).toBe('1.2g')
    expect(() => parseArgs(['--sizes=1g,2g'])).toThrow(/one size in bytes/)
  })

  it('has a big section that --only selects alone', () => {
    expect([...parseArgs(['--only=big']).sections]).toEqual(['big'])
    expect(parseArgs([]).sections.has('big')).toBe(true)
  })
})
