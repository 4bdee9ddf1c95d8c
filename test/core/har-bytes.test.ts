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

  it('whitespace only is empty, however much of it', () => {
    expect(read(' '.repeat(1000)).error).toEqual({ code: 'empty' })
  })
})
