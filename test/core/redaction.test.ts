import { describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { formatJunit } from '../../src/core/format/junit'
import { findingMarkdown, formatMarkdown } from '../../src/core/format/markdown'
import { formatText } from '../../src/core/format/text'
import { findingTranslator } from '../../src/core/messages-bundle'
import { buildReport, reportFinding } from '../../src/core/report'
import { entry, har } from '../helpers/har'

/** Every secret planted below; none may appear in any output unless the user asks. */
const SECRETS = [
  'ck-SESSION-9f8e7d',
  'Bearer-tok-4a5b6c7d8e',
  'xapikey-1234abcd',
  'qs-token-zz99',
  'loc-sig-77aa',
  'echo-pass-31337',
  'pwd-in-url',
  'amz-sig-0011',
]

const O = 'https://api.example.test'
const capture = har([
  entry({
    method: 'POST',
    url: `${O}/v1/orders?access_token=qs-token-zz99&page=2`,
    status: 301,
    redirectURL: `/v1/orders/?X-Amz-Signature=amz-sig-0011&signature=loc-sig-77aa`,
    requestHeaders: {
      Cookie: 'session=ck-SESSION-9f8e7d',
      Authorization: 'Bearer Bearer-tok-4a5b6c7d8e',
      'X-Api-Key': 'xapikey-1234abcd',
      'Content-Type': 'application/json',
    },
    headers: { 'Set-Cookie': 'session=ck-SESSION-9f8e7d; HttpOnly' },
  }),
  entry({
    method: 'GET',
    url: `${O}/v1/orders/?X-Amz-Signature=amz-sig-0011&signature=loc-sig-77aa`,
    status: 405,
    headers: { Allow: 'POST' },
    // A server that echoes what it got: the body repeats the secrets.
    body: '{"password":"echo-pass-31337","authorization":"Bearer Bearer-tok-4a5b6c7d8e"}',
  }),
  entry({
    method: 'PUT',
    url: 'https://user:pwd-in-url@api.example.test/v1/users/1',
    status: 405,
    headers: { Allow: 'GET' },
  }),
])

function outputs(keepSecrets: boolean): Record<string, string> {
  const findings = analyzeHar(capture)
  const tr = findingTranslator('en')
  const report = buildReport(findings, {
    source: `${O}/v1/orders?access_token=qs-token-zz99`,
    toolVersion: 't',
    keepSecrets,
  })
  return {
    json: JSON.stringify(report),
    text: formatText(report, tr, { color: false }),
    markdown: formatMarkdown(report, tr, keepSecrets),
    junit: formatJunit(report, tr, 'error'),
    copyOne: findings.map((f) => findingMarkdown(reportFinding(f, tr, { keepSecrets }), tr)).join('\n'),
    snippets: findings.flatMap((f) => f.snippets.map((s) => s.code)).join('\n'),
  }
}

describe('exports never leak a secret', () => {
  it('every output path replaces planted secrets with a visible placeholder', () => {
    const all = outputs(false)
    for (const [name, text] of Object.entries(all)) {
      for (const secret of SECRETS) expect(text, `${name} leaks ${secret}`).not.toContain(secret)
    }
    // The snippets still show where each value goes.
    expect(all.snippets).toContain("-H 'Authorization: REDACTED'")
    expect(all.snippets).toContain("-H 'X-Api-Key: REDACTED'")
    expect(all.snippets).toContain('X-Amz-Signature=REDACTED')
    expect(all.json).toContain('access_token=REDACTED')
    expect(all.json).toContain('REDACTED:REDACTED@api.example.test')
    expect(all.markdown).toContain('REDACTED')
  })

  it('opting in keeps URLs as captured, with a warning', () => {
    const all = outputs(true)
    expect(all.json).toContain('qs-token-zz99')
    // Every format says so where a reader sees it first.
    expect(all.markdown).toContain('includes secrets')
    expect(all.text?.split('\n')[0]).toContain('includes secrets')
    expect(JSON.parse(all.json ?? '{}').secretsIncluded).toBe(true)
    expect(all.junit).toMatch(/<property name="method-doctor\.secrets" value="[^"]*includes secrets/)
    // And a redacted export carries no such marker.
    const redacted = outputs(false)
    expect(JSON.parse(redacted.json ?? '{}').secretsIncluded).toBeUndefined()
    for (const text of [redacted.text, redacted.junit]) expect(text).not.toContain('includes secrets')
    // The corrected calls in that export carry the request's own credentials, ready to run.
    const report = JSON.parse(all.json ?? '{}') as {
      findings: { snippets: { lang: string; code: string }[] }[]
    }
    const curl = report.findings
      .flatMap((f) => f.snippets)
      .find((x) => x.code.includes('Authorization'))?.code
    expect(curl).toContain('Bearer Bearer-tok-4a5b6c7d8e')
    expect(curl).toContain('xapikey-1234abcd')
    // What the panel shows and copies stays redacted all the same.
    expect(all.snippets).not.toContain('Bearer-tok-4a5b6c7d8e')
  })
})

describe('secrets by any spelling or by shape (issue 14)', () => {
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYW5lbCJ9.Hk3Jd8Lm2Np5Qr7St0Uv4Wx6Yz9Ab1Cd3Ef5Gh7Ij9'
  const TOKEN = 'Rt5Yu8Io2Pa4Sd6Fg9Hj1Kl3Zx7Cv0Bn'
  // Standard base64 as a path segment: `%2F` cuts it into pieces too short to judge in free text.
  const B64 = ['Wq4Ey7Rt0Ui3Op6As9Df2Gh5Jk', 'Lz8Xc1Vb4Nm7Qw0']
  const SLASH_PATH = `/reset/${encodeURIComponent(`${B64[0]}/${B64[1]}+Ee==`)}`
  const PLANTED = [
    ...B64,
    'v-access-1',
    'v-ticket-2',
    'v-otp-3',
    'v-jsid-4',
    JWT,
    TOKEN,
    'v-echo-5',
    'v-csrf-6',
    'v-clean-7',
  ]
  const found = () =>
    analyzeHar(
      har([
        entry({
          method: 'POST',
          url: `${O}/v2/pay;jsessionid=v-jsid-4?ACCESS.TOKEN=v-access-1&ticket=v-ticket-2&otp=v-otp-3&t=${JWT}&page=3`,
          status: 405,
          headers: { Allow: 'GET' },
          requestHeaders: { 'X-Csrf-Token': 'v-csrf-6', 'X-Requested-With': TOKEN },
        }),
        entry({
          method: 'POST',
          url: `${O}/echo?session_token=v-echo-5`,
          status: 404,
          body: '<pre>Cannot POST /echo?session_token=v-echo-5</pre>',
        }),
        // Redirected only to add a trailing slash: the evidence names both paths.
        entry({ method: 'POST', url: `${O}${SLASH_PATH}`, status: 308, redirectURL: `${O}${SLASH_PATH}/` }),
        entry({ method: 'POST', url: `${O}${SLASH_PATH}/`, status: 404 }),
      ]),
    )

  it('the report, Markdown, text, "Copy finding as Markdown", the panel snippets and JUnit names', () => {
    const tr = findingTranslator('en')
    const findings = found()
    expect(findings.map((f) => f.kind)).toContain('trailing-slash-redirect')
    const report = buildReport(findings, { source: `${O}/app?jwt=${JWT}`, toolVersion: 't' })
    // JUnit also names clean endpoints, from the raw URLs the input held.
    const checked = [`GET ${O}/clean;jsessionid=v-clean-7/x`]
    const outs = {
      json: JSON.stringify(report),
      text: formatText(report, tr, { color: false }),
      markdown: formatMarkdown(report, tr, false),
      junit: formatJunit(report, tr, 'error', checked),
      copyOne: findings.map((f) => findingMarkdown(reportFinding(f, tr), tr)).join('\n'),
      snippets: findings.flatMap((f) => f.snippets.map((s) => s.code)).join('\n'),
    }
    for (const [name, text] of Object.entries(outs))
      for (const secret of PLANTED) expect(text, `${name} leaks ${secret}`).not.toContain(secret)
    expect(outs.junit).toContain(`name="GET ${O}/clean;jsessionid=REDACTED/x"/>`)
    expect(outs.junit).toContain(`name="POST ${O}/v2/pay;jsessionid=REDACTED"`)
    expect(outs.json).toContain('ACCESS.TOKEN=REDACTED&ticket=REDACTED&otp=REDACTED&t=REDACTED&page=3')
    expect(outs.snippets).toContain("-H 'X-Requested-With: REDACTED'")
    expect(outs.markdown).toContain('added a trailing slash: /reset/REDACTED → /reset/REDACTED/.')

    // Kept on request: the same outputs carry them, so the assertions above can fail.
    const kept = buildReport(findings, { source: `${O}/app?jwt=${JWT}`, toolVersion: 't', keepSecrets: true })
    const keptJunit = formatJunit(kept, tr, 'error', checked)
    expect(keptJunit).toContain('v-clean-7')
    expect(keptJunit).toContain('v-jsid-4')
    const keptJson = JSON.stringify(kept)
    for (const secret of PLANTED.filter((s) => s !== 'v-clean-7')) expect(keptJson).toContain(secret)
  })
})
