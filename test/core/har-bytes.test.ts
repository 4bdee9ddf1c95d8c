import { afterEach, describe, expect, it, vi } from 'vitest'
import { readHarBytes } from '../../src/core/har-bytes'

const enc = (s: string) => new TextEncoder().encode(s)
const e = JSON.stringify({ request: { method: 'POST', url: 'http://a.test/x' }, response: { status: 405 } })
const read = (s: string) => {
  let n = 0
  const error = readHarBytes(enc(s), () => n++)
  return { error, entries: n }
}

afterEach(() => vi.restoreAllMocks())

describe('the HAR byte reader', () => {
  it('accepts well-formed JSON around the entries: escapes, numbers, literals, empty containers, BOM, leading space', () => {
    const doc = `{"log":{"version":"1.2","creator":{"name":"x\\u00e9\\n\\"q\\""},"entries":[${e}, ${e}],"n":-1.5e3,"m":0.25,"t":true,"f":false,"z":null,"a":[],"o":{}}}`
    expect(read(doc)).toEqual({ error: null, entries: 2 })
    expect(read(`\ufeff${' '.repeat(100)}\n${doc}\n`)).toEqual({ error: null, entries: 2 })
  })

  it.each([
    ['trailing garbage', `{"log":{"entries":[${e}]}} junk`],
    ['leading garbage', `junk {"log":{"entries":[${e}]}}`],
    ['a stray comma in entries', `{"log":{"entries":[${e},]}}`],
    ['a missing comma between entries', `{"log":{"entries":[${e} ${e}]}}`],
    ['a stray comma in an object', `{"log":{"entries":[${e}]},}`],
    ['an invalid escape', `{"log":{"entries":[${e}],"c":"\\x"}}`],
    ['a raw control character in a string', `{"log":{"entries":[${e}],"c":"a\tb"}}`],
    ['a leading zero', `{"log":{"entries":[${e}],"n":01}}`],
    ['a missing colon', `{"log":{"entries":[${e}],"k" 1}}`],
    ['a bare word', `{"log":{"entries":[${e}],"k":nope}}`],
  ])('refuses %s as not JSON', (_name, text) => {
    expect(read(text).error?.code).toBe('json')
  })

  it('a document whose root is not an object is not a HAR, even with "log" in it', () => {
    expect(read(`["log",{"entries":[${e}]}]`)).toEqual({ error: { code: 'not-har' }, entries: 0 })
  })

  it('padding around the entries is checked without being parsed: memory stays at the input', () => {
    const parse = vi.spyOn(JSON, 'parse')
    const pad = `{"log":{"entries":[${e}]},"pad":[${'{},'.repeat(200_000)}{}]}`
    expect(read(pad)).toEqual({ error: null, entries: 1 })
    // One parse for the one entry; the 200,001 padding objects are never built.
    expect(parse).toHaveBeenCalledTimes(1)
  })

  describe('duplicate keys: the last one wins, as in JSON.parse', () => {
    const entry = (url: string) =>
      JSON.stringify({ request: { method: 'POST', url }, response: { status: 405 } })
    const A = entry('http://a.test/first')
    const B = entry('http://b.test/last')
    const urls = (s: string) => {
      let got: string[] = []
      const error = readHarBytes(
        enc(s),
        (x) => got.push((x as { request: { url: string } }).request.url),
        undefined,
        // A later array wins: what was read of an earlier one is taken back.
        { onRestart: () => (got = []) },
      )
      return { error, urls: got }
    }
    const reference = (s: string) =>
      (JSON.parse(s) as { log: { entries: { request: { url: string } }[] } }).log.entries.map(
        (x) => x.request.url,
      )

    it.each([
      ['a second log', `{"log":{"entries":[${A}]},"log":{"entries":[${B}]}}`],
      ['a second entries in the same log', `{"log":{"entries":[${A}],"version":"1.2","entries":[${B}]}}`],
      [
        'a second log whose entries come last',
        `{"log":{"entries":[${A}]},"x":1,"log":{"entries":[${A}],"entries":[${B}]}}`,
      ],
      ['a second log spelled with escapes', `{"log":{"entries":[${A}]},"l\\u006fg":{"entries":[${B}]}}`],
      [
        'a second entries spelled with escapes',
        `{"log":{"entries":[${A}],"\\u0065\\u006e\\u0074\\u0072\\u0069\\u0065\\u0073":[${B}]}}`,
      ],
    ])('%s: only the last entries are read', (_name, doc) => {
      expect(reference(doc)).toEqual(['http://b.test/last'])
      expect(urls(doc)).toEqual({ error: null, urls: ['http://b.test/last'] })
    })

    it('a later log that is not an object, or has no entries, leaves no entries: not a HAR', () => {
      for (const later of [
        'null',
        '1',
        '"x"',
        `[${B}]`,
        '{}',
        '{"entries":null}',
        `{"entries":{"0":${B}}}`,
      ]) {
        const doc = `{"log":{"entries":[${A}]},"log":${later}}`
        expect(() => reference(doc)).toThrow()
        expect(urls(doc), later).toEqual({ error: { code: 'not-har' }, urls: [] })
      }
      const laterEntries = `{"log":{"entries":[${A}],"entries":"none"}}`
      expect(urls(laterEntries)).toEqual({ error: { code: 'not-har' }, urls: [] })
    })

    it('a long key after entries is another key, not entries again', () => {
      const doc = `{"log":{"entries":[${A}],"${'k'.repeat(100)}":[${B}]}}`
      expect(urls(doc)).toEqual({ error: null, urls: ['http://a.test/first'] })
    })

    it('inside an entry too: its last request wins', () => {
      const doc = `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.test/first"},"request":{"method":"POST","url":"http://b.test/last","method":"PUT"},"response":{"status":405}}]}}`
      const got: unknown[] = []
      expect(readHarBytes(enc(doc), (x) => got.push(x))).toBeNull()
      expect(got).toEqual(JSON.parse(doc).log.entries)
      expect(got).toEqual([
        { request: { method: 'PUT', url: 'http://b.test/last' }, response: { status: 405 } },
      ])
    })

    it('the entries that lose are taken back, and must still be JSON', () => {
      let restarts = 0
      const doc = `{"log":{"entries":[${A},${A},${A}]},"log":{"entries":[${B}]}}`
      readHarBytes(enc(doc), () => undefined, undefined, { onRestart: () => restarts++ })
      expect(restarts).toBe(1)
      expect(urls(doc).urls).toEqual(['http://b.test/last'])
      expect(urls(`{"log":{"entries":[${A},]},"log":{"entries":[${B}]}}`).error?.code).toBe('json')
      expect(urls(`{"log":{"entries":[{"a":01}]},"log":{"entries":[${B}]}}`).error?.code).toBe('json')
    })
  })

  it('whitespace only is empty, however much of it', () => {
    expect(read(' '.repeat(1000)).error).toEqual({ code: 'empty' })
  })
})
