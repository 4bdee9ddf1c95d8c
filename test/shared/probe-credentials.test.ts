import { describe, expect, it } from 'vitest'
import {
  canonicalOrigin,
  MAX_CREDENTIAL_ORIGINS,
  parseCredentialOrigins,
  withCredentialOrigin,
} from '../../src/shared/probe-credentials'

describe('the credentialed-probe opt-in list', () => {
  it('is empty unless the stored value is a JSON array of http(s) origins', () => {
    for (const bad of [
      undefined,
      null,
      42,
      '',
      'not json',
      '{"a":1}',
      '"http://a.test"',
      'x'.repeat(200_000),
    ])
      expect(parseCredentialOrigins(bad).size).toBe(0)
  })

  it('keeps only exact http(s) origins: no paths, other schemes or junk', () => {
    const stored = JSON.stringify([
      'http://127.0.0.1:8405',
      'https://api.example.com',
      'https://api.example.com/',
      'https://api.example.com/v1',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'chrome-extension://abc',
      'HTTPS://API.EXAMPLE.COM',
      42,
      null,
      { origin: 'https://x.test' },
    ])
    expect([...parseCredentialOrigins(stored)]).toEqual(['http://127.0.0.1:8405', 'https://api.example.com'])
  })

  it('caps a crafted long list', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `https://h${i}.test`)
    expect(parseCredentialOrigins(JSON.stringify(many)).size).toBe(MAX_CREDENTIAL_ORIGINS)
  })

  it('a full list takes no more origins: the new one stays off', () => {
    const full = new Set(Array.from({ length: MAX_CREDENTIAL_ORIGINS }, (_, i) => `https://h${i}.test`))
    const after = parseCredentialOrigins(withCredentialOrigin(full, 'https://new.test', true))
    expect(after.has('https://new.test')).toBe(false)
    expect(after.size).toBe(MAX_CREDENTIAL_ORIGINS)
  })

  it('turns one origin on and off, and ignores a non-origin', () => {
    const on = withCredentialOrigin(new Set(), 'https://api.example.com', true)
    expect([...parseCredentialOrigins(on)]).toEqual(['https://api.example.com'])
    const both = withCredentialOrigin(parseCredentialOrigins(on), 'http://127.0.0.1:3000', true)
    expect([...parseCredentialOrigins(both)]).toEqual(['https://api.example.com', 'http://127.0.0.1:3000'])
    const off = withCredentialOrigin(parseCredentialOrigins(both), 'https://api.example.com', false)
    expect([...parseCredentialOrigins(off)]).toEqual(['http://127.0.0.1:3000'])
    expect(withCredentialOrigin(new Set(), 'javascript:alert(1)', true)).toBe('[]')
    expect(canonicalOrigin('https://a.test/')).toBeNull()
    expect(canonicalOrigin('https://a.test')).toBe('https://a.test')
  })
})
