import { describe, expect, it } from 'vitest'
import { hostOf, middle, safeHref, shown, splitUrl, visible } from '../../src/panel/text'

describe('untrusted text', () => {
  it('shows bidi overrides and isolates instead of obeying them', () => {
    const spoof = 'invoice\u202Efdp.exe'
    expect(visible(spoof)).toBe('invoice⟨U+202E⟩fdp.exe')
    expect(visible('a\u2066b\u2069c\u200Fd')).toBe('a⟨U+2066⟩b⟨U+2069⟩c⟨U+200F⟩d')
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      expect(visible(`x${c}y`)).not.toContain(c)
    }
  })

  it('makes control characters visible and flattens newlines unless multiline', () => {
    expect(visible('a\u0000b')).toBe('a⟨U+0000⟩b')
    expect(visible('a\nb')).toBe('a b')
    expect(visible('a\nb', true)).toBe('a\nb')
  })

  it('middle-truncates without splitting surrogate pairs', () => {
    expect(middle('abcdefghij', 20)).toBe('abcdefghij')
    expect(middle('abcdefghij', 5)).toBe('ab…ij')
    const emoji = '😀😀😀😀😀😀'
    const cut = middle(emoji, 6)
    expect(cut).toContain('…')
    expect(() => encodeURIComponent(cut)).not.toThrow()
    const s = shown('x'.repeat(300), 50)
    expect(s.text.length).toBe(50)
    expect(s.title?.length).toBe(300)
  })

  it('splits URLs so userinfo and IDN cannot spoof the host', () => {
    expect(splitUrl('https://bank.example@evil.example/login?x=1#h')).toEqual({
      origin: 'https://evil.example',
      path: '/login',
      query: '?x=1#h',
    })
    expect(splitUrl('https://аpple.com/').origin).toBe('https://xn--pple-43d.com')
    expect(splitUrl('not a url')).toEqual({ origin: '', path: 'not a url', query: '' })
    expect(hostOf('https://api.example.com:8443')).toBe('api.example.com:8443')
  })

  it('links only http(s)', () => {
    expect(safeHref('https://www.rfc-editor.org/rfc/rfc9110')).toBe('https://www.rfc-editor.org/rfc/rfc9110')
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(safeHref('data:text/html,x')).toBeNull()
    expect(safeHref('')).toBeNull()
  })
})
