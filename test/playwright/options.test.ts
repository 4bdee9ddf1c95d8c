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
      probeAllow: [],
      ignore: [],
      includeSecrets: false,
      lang: 'en',
    })
  })

  it('a full object is taken as given', () => {
    const full = {
      failOn: 'never',
      probe: true,
      probeAllow: ['https://api.example.com'],
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
      'methodDoctorOptions has no option "failon"; the options are failOn, probe, probeAllow, ignore, includeSecrets, lang',
    ],
    ['error', 'methodDoctorOptions must be an object; got "error"'],
    [['error'], 'methodDoctorOptions must be an object; got an array'],
  ])('refuses %j with one clear line naming the option', (input, message) => {
    expect(refusal(input)).toBe(message)
  })

  it('probeAllow: http(s) origins as the CLI reads --probe-allow, written as URL.origin writes them', () => {
    expect(
      resolveOptions({
        probe: true,
        probeAllow: ['https://API.example.com/', 'http://127.0.0.1:8080', 'http://[::1]:3000'],
      }).probeAllow,
    ).toEqual(['https://api.example.com', 'http://127.0.0.1:8080', 'http://[::1]:3000'])
    expect(resolveOptions({ probe: true }).probeAllow).toEqual([])
  })

  it('probeAllow refuses anything but an http(s) origin, naming the item', () => {
    for (const bad of [
      'api.example.com',
      'ftp://x.test',
      'https://x.test/path',
      'https://u:p@x.test',
      'https://x.test?q',
      'javascript:alert(1)',
      '',
    ])
      expect(refusal({ probe: true, probeAllow: ['https://ok.test', bad] }), bad).toBe(
        `methodDoctorOptions.probeAllow[1] must be an http(s) origin such as "https://api.example.com" (no path, query or credentials); got ${JSON.stringify(bad)}`,
      )
    expect(refusal({ probe: true, probeAllow: [8080] })).toBe(
      'methodDoctorOptions.probeAllow[0] must be an http(s) origin such as "https://api.example.com" (no path, query or credentials); got number 8080',
    )
    expect(refusal({ probe: true, probeAllow: 'https://x.test' })).toBe(
      'methodDoctorOptions.probeAllow must be an array of http(s) origins such as "https://api.example.com"; got "https://x.test"',
    )
  })

  it('probeAllow refuses link-local and cloud-metadata addresses in any spelling', () => {
    for (const bad of [
      'http://169.254.169.254',
      'http://2852039166',
      'http://[fd20:ce::254]',
      'http://[fd00:ec2::254]',
      'http://[64:ff9b:1::a9fe:a9fe]',
      'http://metadata.google.internal',
      'http://100.100.100.200',
    ])
      expect(refusal({ probe: true, probeAllow: [bad] }), bad).toBe(
        `methodDoctorOptions.probeAllow[0] must be an origin that may be probed, never a link-local or cloud-metadata address; got ${JSON.stringify(bad)}`,
      )
  })

  it('probeAllow without probe is refused, as --probe-allow without --probe is', () => {
    expect(refusal({ probeAllow: ['https://api.example.com'] })).toBe(
      'methodDoctorOptions.probeAllow only widens where probe may send requests, so it needs probe: true too',
    )
    expect(refusal({ probe: false, probeAllow: ['https://api.example.com'] })).toContain('needs probe: true')
    expect(resolveOptions({ probeAllow: [] }).probeAllow).toEqual([])
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
