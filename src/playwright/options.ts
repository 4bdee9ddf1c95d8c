/**
 * The fixture's options: what a user may pass to `test.use({ methodDoctorOptions })`, merged with
 * the defaults and checked, so a partial object works and a wrong value fails with one clear line
 * naming the option instead of a TypeError deep in a test.
 */

import type { Lang } from '../core/i18n'
import type { Severity } from '../core/types'
import { allowedOrigin } from '../node/node-probe'

/** What `test.use({ methodDoctorOptions })` takes; every field may be left out. */
export interface MethodDoctorOptions {
  /** Findings at or above this fail the test at teardown (default 'error'). */
  failOn?: Severity | 'never'
  /**
   * Replay OPTIONS (and the safe HEAD/GET ladder) with the CLI's rules and limits (default false),
   * only to the sites of the test's own pages (origins its pages navigated to) and `probeAllow`.
   */
  probe?: boolean
  /**
   * More origins `probe` may send requests to, such as the API on another port
   * (`['http://127.0.0.1:8080']`); http(s) origins only, never a link-local or metadata address.
   */
  probeAllow?: string[]
  /** URLs to leave out: substrings, globs with `*`, or regular expressions (default none). */
  ignore?: (string | RegExp)[]
  /**
   * Keep cookies, tokens and passwords in the attached reports (default false: redacted). The
   * attachments then say so at the top and the JSON carries `secretsIncluded: true`.
   */
  includeSecrets?: boolean
  /** Language of the attached Markdown report (default 'en'). */
  lang?: Lang
}

export type ResolvedOptions = Required<MethodDoctorOptions>

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  failOn: 'error',
  probe: false,
  probeAllow: [],
  ignore: [],
  includeSecrets: false,
  lang: 'en',
})

// As the CLI's --fail-on: every severity, or never.
const FAIL_ON: readonly string[] = ['error', 'warning', 'info', 'never']
const LANGS: readonly string[] = ['en', 'vi']
const KEYS: readonly string[] = Object.keys(DEFAULT_OPTIONS)

export class MethodDoctorOptionsError extends Error {
  override name = 'MethodDoctorOptionsError'
}

/** A value as the message quotes it: strings in quotes, short, one line. */
function shown(v: unknown): string {
  let s: string
  if (typeof v === 'string') s = JSON.stringify(v)
  else if (v instanceof RegExp) s = String(v)
  else if (Array.isArray(v)) s = 'an array'
  else if (v === null) s = 'null'
  else if (typeof v === 'object') s = 'an object'
  else s = `${typeof v} ${String(v)}`
  return s.length > 80 ? `${s.slice(0, 79)}…` : s
}

const fail = (option: string, want: string, got: unknown): never => {
  throw new MethodDoctorOptionsError(`methodDoctorOptions.${option} must be ${want}; got ${shown(got)}`)
}

function boolean(option: string, v: unknown): boolean {
  return typeof v === 'boolean' ? v : fail(option, 'true or false', v)
}

function oneOf<T extends string>(option: string, allowed: readonly string[], v: unknown): T {
  return typeof v === 'string' && allowed.includes(v)
    ? (v as T)
    : fail(option, `one of ${allowed.join(', ')}`, v)
}

function patterns(v: unknown): (string | RegExp)[] {
  if (!Array.isArray(v)) return fail('ignore', 'an array of strings or regular expressions', v)
  return v.map((p: unknown, i) => {
    if (typeof p === 'string' && p !== '') return p
    // A shared /g or /y expression would remember lastIndex between URLs and skip every other match.
    if (p instanceof RegExp) return new RegExp(p.source, p.flags.replace(/[gy]/g, ''))
    return fail(`ignore[${i}]`, 'a non-empty string or a regular expression', p)
  })
}

function origins(v: unknown): string[] {
  const want = 'an array of http(s) origins such as "https://api.example.com"'
  if (!Array.isArray(v)) return fail('probeAllow', want, v)
  return v.map((o: unknown, i) => {
    const r = typeof o === 'string' ? allowedOrigin(o) : { refused: 'not-origin' as const }
    if ('origin' in r) return r.origin
    return r.refused === 'forbidden'
      ? fail(
          `probeAllow[${i}]`,
          'an origin that may be probed, never a link-local or cloud-metadata address',
          o,
        )
      : fail(
          `probeAllow[${i}]`,
          'an http(s) origin such as "https://api.example.com" (no path, query or credentials)',
          o,
        )
  })
}

/**
 * The user's options over the defaults. Fields left out (or `undefined`) keep their default;
 * anything else of the wrong type or value, or an unknown field, throws a MethodDoctorOptionsError.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (input === undefined || input === null) return { ...DEFAULT_OPTIONS, probeAllow: [], ignore: [] }
  if (typeof input !== 'object' || Array.isArray(input))
    throw new MethodDoctorOptionsError(`methodDoctorOptions must be an object; got ${shown(input)}`)
  const given = input as Record<string, unknown>
  for (const key of Object.keys(given))
    if (!KEYS.includes(key))
      throw new MethodDoctorOptionsError(
        `methodDoctorOptions has no option ${JSON.stringify(key)}; the options are ${KEYS.join(', ')}`,
      )
  const pick = <T>(key: keyof ResolvedOptions, check: (v: unknown) => T, fallback: T): T =>
    given[key] === undefined ? fallback : check(given[key])
  const probe = pick('probe', (v) => boolean('probe', v), DEFAULT_OPTIONS.probe)
  const probeAllow = pick('probeAllow', origins, [])
  // As the CLI's --probe-allow: it only widens where probes go, so alone it would do nothing.
  if (probeAllow.length > 0 && !probe)
    throw new MethodDoctorOptionsError(
      'methodDoctorOptions.probeAllow only widens where probe may send requests, so it needs probe: true too',
    )
  return {
    failOn: pick(
      'failOn',
      (v) => oneOf<ResolvedOptions['failOn']>('failOn', FAIL_ON, v),
      DEFAULT_OPTIONS.failOn,
    ),
    probe,
    probeAllow,
    ignore: pick('ignore', patterns, []),
    includeSecrets: pick(
      'includeSecrets',
      (v) => boolean('includeSecrets', v),
      DEFAULT_OPTIONS.includeSecrets,
    ),
    lang: pick('lang', (v) => oneOf<Lang>('lang', LANGS, v), DEFAULT_OPTIONS.lang),
  }
}

/** The `ignore` option as a test of one URL. */
export function ignoreMatcher(ignore: (string | RegExp)[]): (url: string) => boolean {
  const glob = (p: string) => {
    const body = p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    // A glob without a scheme matches from anywhere in the URL: '/api/*' ignores every origin's /api.
    return new RegExp(`${/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? '^' : ''}${body}$`)
  }
  const tests = ignore.map((p) => (p instanceof RegExp ? p : p.includes('*') ? glob(p) : p))
  return (url) => tests.some((t) => (typeof t === 'string' ? url.includes(t) : t.test(url)))
}
