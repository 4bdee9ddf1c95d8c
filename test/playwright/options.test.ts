import { describe, expect, it } from 'vitest'
import {
  DEFAULT_OPTIONS,
  ignoreMatcher,
  MethodDoctorOptionsError,
  resolveOptions,
} from '../../src/playwright/options'

const refusal = (input: unknown): string => {
  try {
    resolveOptions(input)
  } catch (err) {
    expect(err).toBeInstanceOf(MethodDoctorOptionsError)
    return (err as Error).message
  }
  throw new Error(`accepted ${String(input)}`)
}

describe('the Playwright fixture options', () => {
  it('a partial object keeps the defaults for every field it leaves out', () => {
    expect(resolveOptions({ failOn: 'warning' })).toEqual({ ...DEFAULT_OPTIONS, failOn: 'warning' })
    expect(resolveOptions({ ignore: ['/x'] })).toEqual({ ...DEFAULT_OPTIONS, ignore: ['/x'] })
    expect(resolveOptions({ probe: true, lang: 'vi' })).toEqual({
      ...DEFAULT_OPTIONS,
      probe: true,
      lang: 'vi',
    })
    expect(resolveOptions({ failOn: undefined })).toEqual(DEFAULT_OPTIONS)
    expect(resolveOptions({})).toEqual(DEFAULT_OPTIONS)
    expect(resolveOptions(undefined)).toEqual(DEFAULT_OPTIONS)
    expect(DEFAULT_OPTIONS).toEqual({
      failOn: 'error',
      probe: false,
      ignore: [],
      includeSecrets: false,
      lang: 'en',
    })
  })

  it('a full object is taken as given', () => {
    const full = {
      failOn: 'never',
      probe: true,
      ignore: ['/a*', /b/],
      includeSecrets: true,
      lang: 'vi',
    } as const
    expect(resolveOptions(full)).toEqual(full)
  })

  it('each failOn value the CLI takes is accepted', () => {
    for (const failOn of ['error', 'warning', 'info', 'never'])
      expect(resolveOptions({ failOn }).failOn).toBe(failOn)
  })

  it.each([
    [{ failOn: 'eror' }, 'methodDoctorOptions.failOn must be one of error, warning, info, never; got "eror"'],
    [{ failOn: 3 }, 'methodDoctorOptions.failOn must be one of error, warning, info, never; got number 3'],
    [{ probe: 'yes' }, 'methodDoctorOptions.probe must be true or false; got "yes"'],
    [{ probe: 1 }, 'methodDoctorOptions.probe must be true or false; got number 1'],
    [{ includeSecrets: 'true' }, 'methodDoctorOptions.includeSecrets must be true or false; got "true"'],
    [
      { ignore: '/x' },
      'methodDoctorOptions.ignore must be an array of strings or regular expressions; got "/x"',
    ],
    [
      { ignore: ['/a', 5] },
      'methodDoctorOptions.ignore[1] must be a non-empty string or a regular expression; got number 5',
    ],
    [
      { ignore: [''] },
      'methodDoctorOptions.ignore[0] must be a non-empty string or a regular expression; got ""',
    ],
    [{ lang: 'fr' }, 'methodDoctorOptions.lang must be one of en, vi; got "fr"'],
    [{ lang: null }, 'methodDoctorOptions.lang must be one of en, vi; got null'],
    [
      { failon: 'error' },
      'methodDoctorOptions has no option "failon"; the options are failOn, probe, ignore, includeSecrets, lang',
    ],
    ['error', 'methodDoctorOptions must be an object; got "error"'],
    [['error'], 'methodDoctorOptions must be an object; got an array'],
  ])('refuses %j with one clear line naming the option', (input, message) => {
    expect(refusal(input)).toBe(message)
  })

  it('quotes a long bad value only in part, on one line', () => {
    const message = refusal({ failOn: `x\n${'y'.repeat(500)}` })
    expect(message).not.toContain('\n')
    expect(message.length).toBeLessThan(200)
  })

  it('ignore: substrings, globs from anywhere or from the scheme, and expressions', () => {
    const ignored = ignoreMatcher(
      resolveOptions({ ignore: ['/health', '/api/*', 'http://b.test/*', /\.png$/] }).ignore,
    )
    expect(ignored('http://a.test/health?x=1')).toBe(true)
    expect(ignored('http://a.test/api/items')).toBe(true)
    expect(ignored('http://b.test/anything')).toBe(true)
    expect(ignored('http://c.test/x/http://b.test/y')).toBe(false)
    expect(ignored('http://a.test/logo.png')).toBe(true)
    expect(ignored('http://a.test/other')).toBe(false)
  })

  it('a global or sticky expression matches every URL, not every other one', () => {
    const ignored = ignoreMatcher(resolveOptions({ ignore: [/static/g, /^http:\/\/s\.test/y] }).ignore)
    for (let i = 0; i < 4; i++) {
      expect(ignored('http://a.test/static/app.js')).toBe(true)
      expect(ignored('http://s.test/x')).toBe(true)
    }
  })
})
