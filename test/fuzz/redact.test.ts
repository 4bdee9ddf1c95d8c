import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redactText, redactUrl } from '../../src/core/redact'
import { params, timeoutFor } from './support/runs'

const SHARE = 0.02

/** A secret name in a random spelling: case flipped per letter, words joined by any separator. */
const secretName = fc
  .record({
    words: fc.constantFrom(
      ['access', 'token'],
      ['session', 'token'],
      ['private', 'token'],
      ['client', 'secret'],
      ['api', 'key'],
      ['code', 'verifier'],
      ['oauth', 'token'],
      ['new', 'password'],
      ['x', 'amz', 'signature'],
      ['saml', 'response'],
      ['auth', 'token'],
      ['jsessionid'],
      ['ticket'],
      ['jwt'],
    ),
    sep: fc.constantFrom('', '-', '_', '.'),
    upper: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
  })
  .map(({ words, sep, upper }) =>
    [...words.join(sep)].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join(''),
  )

const secretValue = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `zq${s}`)

/** Anything a hostile page or server could put into a URL or a text, ASCII-heavy. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '=',
      '&',
      '?',
      '#',
      ';',
      ':',
      '/',
      '"',
      "'",
      '\\',
      '%',
      '@',
      ' ',
      '\n',
      '[',
      ']',
      '.',
      '-',
      '+',
    ),
    fc.constantFrom('token', 'eyJ', 'Bearer ', 'key', '://', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6'),
    // Percent-encoding layers, `NAME = value`, lists, HTML fields.
    fc.constantFrom(
      '%3D',
      '%25',
      '%2F',
      '%253D',
      ' = ',
      'PASSWORD',
      '[',
      ',',
      'name="password" ',
      'value=',
      '>',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 80,
})

describe('redaction properties', () => {
  it(
    'a secret-named parameter, in any spelling and any URL place, never survives',
    () => {
      fc.assert(
        fc.property(
          secretName,
          secretValue,
          fc.constantFrom(
            'query',
            'fragment',
            'hash-route',
            'path-param',
            'relative',
            'nested-next',
            'twice-encoded-next',
            'thrice-encoded-text',
          ),
          (name, value, place) => {
            const pair = `${name}=${value}`
            const url =
              place === 'query'
                ? `https://h.test/a?page=1&${pair}`
                : place === 'fragment'
                  ? `https://h.test/a#${pair}&state=s`
                  : place === 'hash-route'
                    ? `https://h.test/#/cb?x=1&${pair}`
                    : place === 'path-param'
                      ? `https://h.test/a;${pair}/b`
                      : place === 'relative'
                        ? `/a/b?${pair}`
                        : place === 'nested-next'
                          ? `https://h.test/login?next=${encodeURIComponent(`/cb?${pair}`)}`
                          : place === 'twice-encoded-next'
                            ? `https://h.test/login?next=${encodeURIComponent(encodeURIComponent(`https://y.test/?${pair}`))}`
                            : `/x?q=${encodeURIComponent(encodeURIComponent(encodeURIComponent(pair)))}`
            const out = redactUrl(url)
            expect(out).not.toContain(value)
            expect(redactText(`echo: ${url}`)).not.toContain(value)
            expect(redactUrl(url, { keepSecrets: true })).toBe(url)
          },
        ),
        params(SHARE),
      )
    },
    timeoutFor(SHARE),
  )

  it(
    'never throws, and redacting twice changes nothing (JUnit matches names redacted twice)',
    () => {
      fc.assert(
        fc.property(hostile, hostile, (a, b) => {
          const text = `${a}${b}`
          const once = redactText(text)
          expect(redactText(once)).toBe(once)
          for (const url of [`https://h.test/${a}?${b}`, `https://h.test/x#${a}`, `/${a}?${b}`, text]) {
            const u = redactUrl(url)
            expect(redactUrl(u)).toBe(u)
          }
        }),
        params(SHARE),
      )
    },
    timeoutFor(SHARE),
  )
})
