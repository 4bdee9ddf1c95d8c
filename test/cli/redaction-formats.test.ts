import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { entry, har } from '../helpers/har'

/**
 * Every leak measured in issue 14, planted in a HAR where the CLI shows it: query, hash-router
 * fragment, path parameters, Location, an echoed body, request headers. Each value is unique and
 * short, so only the rule under test can catch it (no value looks random unless that is the point).
 */
const O = 'https://api.example.test'
const JWT_QUERY = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxdWVyeS10In0.Q1xq9V3uR7mPz0aLk2YtW8sNbE4cH6jD5fG1hJ3kL0'
const JWT_HASH = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoYXNoLXJvdXRlciJ9.Zr8Tq2Wm5Np7Ks1Lx4Vc9Bd3Fg6Hj0Qe2Ru5Ty8Ui'
const JWT_LOCATION =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhdGlvbiJ9.Vb3Nm6Lk9Jh2Gf5Ds8Aq1Zx4Cv7Bn0Mw3Er6Ty9Ui2'
const JWT_HEADER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY2NlcHQifQ.Lp4Ok7Ij0Uh3Yg6Tf9Rd2Es5Wa8Qz1Xc4Vb7Nm0Kl3'
/** Random-looking, under an innocent name or none: caught by shape only. */
const RANDOM_PATH = 'q7ZxT3vN9kLm2WpR8sYd4HbF6gJc1Ae5'
const RANDOM_HEADER = 'Xy8Kd2Lq7Rm4Tz9Wn3Vb6Hs1Gf5Jp0Ac'
/**
 * Standard base64 as a path segment, percent-encoded: whole it is a token, but in free text the
 * `%2F` cuts it into two pieces below the shape threshold. A slash redirect repeats the path.
 */
const B64_HEAD = 'Mz8Kp2Lq7Rn4Tw9Vx3Yb6Hc1Jf5'
const B64_TAIL = 'Gd0As8Ek2Wm7Qr4Zt'
const SLASH_PATH = `/reset/${encodeURIComponent(`${B64_HEAD}/${B64_TAIL}+Nu==`)}`

/** Query parameters named as the issue lists them; value = what must never show. */
const NAMED: [string, string][] = [
  ['accessToken', 'leak-a01'],
  ['access-token', 'leak-a02'],
  ['sessionToken', 'leak-a03'],
  ['session_token', 'leak-a04'],
  ['private_token', 'leak-a05'],
  ['jwt', 'leak-a06'],
  ['auth', 'leak-a07'],
  ['oauth_token', 'leak-a08'],
  ['AWSAccessKeyId', 'leak-a09'],
  ['code_verifier', 'leak-a10'],
  ['ticket', 'ST-leak-a11'],
  ['SAMLResponse', 'PHNhbWxwOmxlYWstYTEy'],
  ['otp', '913507'],
  ['pin', '4862'],
  ['user[password]', 'leak-a15'],
]
const query = NAMED.map(([n, v]) => `${encodeURIComponent(n)}=${v}`).join('&')

const PLACED = {
  jwtInQuery: JWT_QUERY,
  jwtInHashRouter: JWT_HASH,
  jwtInLocation: JWT_LOCATION,
  jwtInAcceptHeader: JWT_HEADER,
  randomPathSegment: RANDOM_PATH,
  randomHeaderValue: RANDOM_HEADER,
  jsessionidPathParam: 'JSID-leak-b01',
  sidPathParamOnCleanEndpoint: 'leak-b02',
  locationPathParam: 'leak-b03',
  locationTicket: 'ST-leak-b04',
  expressEcho: 'leak-b05',
  userinfoPassword: 'leak-b06',
  bearer: 'leak-b07',
  csrfHeader: 'leak-b08',
  authTokenHeader: 'leak-b09',
  contentTypeParam: 'leak-b10',
  slashRedirectTokenHead: B64_HEAD,
  slashRedirectTokenTail: B64_TAIL,
}
const PLANTED: Record<string, string> = { ...PLACED, ...Object.fromEntries(NAMED) }

const dir = mkdtempSync(join(tmpdir(), 'md-redact-'))
const file = join(dir, 'planted.har')

beforeAll(() => {
  const capture = har([
    // Wrong method: every named leak in the query, a JWT under `t`, a hash-router fragment.
    entry({
      method: 'POST',
      url: `https://alice:${PLACED.userinfoPassword}@api.example.test/v1/orders;jsessionid=${PLACED.jsessionidPathParam}?t=${JWT_QUERY}&${query}&page=2&sort=name#/cb?t=${JWT_HASH}`,
      status: 405,
      headers: { Allow: 'GET' },
      requestHeaders: {
        Authorization: `Bearer ${PLACED.bearer}`,
        'X-Csrf-Token': PLACED.csrfHeader,
        'X-Auth-Token': PLACED.authTokenHeader,
        Accept: `application/json; profile=${JWT_HEADER}`,
        'Content-Type': `application/json; session_token=${PLACED.contentTypeParam}`,
        'X-Requested-With': RANDOM_HEADER,
      },
    }),
    // A redirect whose Location carries a path parameter, a CAS ticket and a JWT.
    entry({
      method: 'POST',
      url: `${O}/login`,
      status: 302,
      redirectURL: `/next;jsessionid=${PLACED.locationPathParam}?ticket=${PLACED.locationTicket}&t=${JWT_LOCATION}`,
    }),
    entry({
      method: 'GET',
      url: `${O}/next;jsessionid=${PLACED.locationPathParam}?ticket=${PLACED.locationTicket}&t=${JWT_LOCATION}`,
      status: 405,
      headers: { Allow: 'POST' },
    }),
    // Express echoes the URL it could not route.
    entry({
      method: 'POST',
      url: `${O}/x?session_token=${PLACED.expressEcho}`,
      status: 404,
      body: `<pre>Cannot POST /x?session_token=${PLACED.expressEcho}</pre>`,
    }),
    // A bare token as a path segment, long and random enough to be recognised by shape.
    entry({ method: 'PUT', url: `${O}/reset/${RANDOM_PATH}`, status: 405, headers: { Allow: 'POST' } }),
    // A write redirected only to add a trailing slash: its evidence names both paths.
    entry({ method: 'POST', url: `${O}${SLASH_PATH}`, status: 308, redirectURL: `${O}${SLASH_PATH}/` }),
    entry({ method: 'POST', url: `${O}${SLASH_PATH}/`, status: 404 }),
    // A clean endpoint: JUnit lists it as a passing testcase, path parameter and all.
    entry({ method: 'GET', url: `${O}/clean;sid=${PLACED.sidPathParamOnCleanEndpoint}/ok`, status: 200 }),
    // What must stay readable.
    entry({
      method: 'DELETE',
      url: `${O}/api/orders/12345?page=2&sort=name&id=7&q=hello&keyword=shoes&state=ready`,
      status: 405,
      headers: { Allow: 'GET' },
    }),
  ])
  writeFileSync(file, JSON.stringify(capture))
})

const FORMATS = {
  json: ['--json'],
  text: [],
  markdown: ['--format', 'markdown'],
  junit: ['--format', 'junit'],
} as const

/** What JUnit can show at all: testcase names (paths) and evidence texts, never snippets or headers. */
const JUNIT_SHOWS: string[] = [
  'jwtInQuery',
  'jsessionidPathParam',
  'sidPathParamOnCleanEndpoint',
  'locationPathParam',
  'locationTicket',
  'jwtInLocation',
  'expressEcho',
  'randomPathSegment',
  'accessToken',
  'SAMLResponse',
  'user[password]',
  'slashRedirectTokenHead',
  'slashRedirectTokenTail',
]

async function output(format: keyof typeof FORMATS, keep: boolean): Promise<string> {
  const r = await runCli('analyze', file, ...FORMATS[format], ...(keep ? ['--include-secrets'] : []))
  expect(r.code, r.err).toBe(1)
  return r.out
}

describe('no planted secret survives any CLI format', () => {
  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    it(`${format}: every planted secret is redacted, and each one is really in the capture`, async () => {
      const redacted = await output(format, false)
      for (const [where, secret] of Object.entries(PLANTED))
        expect(redacted, `${format} leaks ${where}`).not.toContain(secret)
      expect(redacted).toContain('REDACTED')
      // The same run with --include-secrets shows them: the assertions above can fail.
      const kept = await output(format, true)
      const expected =
        format === 'junit'
          ? JUNIT_SHOWS
          : // Only JUnit lists the clean endpoints.
            (Object.keys(PLANTED) as (keyof typeof PLANTED)[]).filter(
              (k) => k !== 'sidPathParamOnCleanEndpoint',
            )
      for (const where of expected)
        expect(kept, `${format} --include-secrets should show ${where}`).toContain(PLANTED[where] ?? '?')
    })
  }

  it('the report stays useful: ordinary paths and parameters are kept, URLs keep their shape', async () => {
    const json = await output('json', false)
    expect(json).toContain(`${O}/api/orders/12345?page=2&sort=name&id=7&q=hello&keyword=shoes&state=ready`)
    expect(json).toContain(
      'https://REDACTED:REDACTED@api.example.test/v1/orders;jsessionid=REDACTED?t=REDACTED',
    )
    expect(json).toContain('accessToken=REDACTED&access-token=REDACTED&sessionToken=REDACTED')
    expect(json).toContain('user%5Bpassword%5D=REDACTED&page=2&sort=name')
    expect(json).toContain('#/cb?t=REDACTED')
    expect(json).toContain(`${O}/reset/REDACTED`)
    expect(json).toContain('Cannot POST /x?session_token=REDACTED')
    expect(json).toContain('/next;jsessionid=REDACTED?ticket=REDACTED&t=REDACTED')
    // The slash redirect's evidence shows the paths as the URL fields do.
    expect(json).toContain('added a trailing slash: /reset/REDACTED → /reset/REDACTED/.')
    const junit = await output('junit', false)
    expect(junit).toContain(`name="GET ${O}/clean;sid=REDACTED/ok"/>`)
    expect(junit).toContain(`name="DELETE ${O}/api/orders/12345"`)
  })
})
