import { describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze'
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
