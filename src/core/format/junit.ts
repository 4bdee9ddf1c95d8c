import type { Translator } from '../i18n'
import { type RedactOptions, redactText, redactUrl } from '../redact'
import type { Report, ReportFinding } from '../report'
import { SEVERITY_RANK, type Severity } from '../types'
import { kindLabel } from './labels'

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the characters XML allows.
  const carriable = s.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
  return carriable
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * `METHOD origin/path`, the name of an endpoint's testcase. The path is redacted here (userinfo,
 * `;jsessionid=…`, a token-shaped segment) unless secrets are kept: CI shows every name, clean
 * endpoints included.
 */
export function junitEndpoint(method: string, url: string, opts: RedactOptions = {}): string {
  const safe = redactUrl(url, opts)
  return `${method} ${safe.split(/[?#]/, 1)[0] ?? safe}`
}

/** A name built elsewhere (`METHOD url`) gets the same redaction, so no caller can forget it. */
function safeEndpoint(name: string, opts: RedactOptions): string {
  const space = name.indexOf(' ')
  return space < 0 ? redactText(name, opts) : junitEndpoint(name.slice(0, space), name.slice(space + 1), opts)
}

/**
 * JUnit XML: one testcase per endpoint, one failure per finding at or above the threshold.
 * `checked` names every endpoint the input held (junitEndpoint), so the clean ones pass visibly;
 * the hops of a finding's chain are that finding's testcase, not passing ones of their own.
 */
export function formatJunit(
  report: Report,
  tr: Translator,
  failOn: Severity | 'never',
  checked: Iterable<string> = [],
): string {
  // A report built with secrets says so; otherwise every name and text is redacted again here.
  const opts: RedactOptions = { keepSecrets: report.secretsIncluded === true }
  const byEndpoint = new Map<string, ReportFinding[]>()
  const inChains = new Set<string>()
  for (const f of report.findings) {
    const key = junitEndpoint(f.request.method, f.request.url, opts)
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), f])
    for (const h of f.chain) inChains.add(junitEndpoint(h.method, h.url, opts))
  }
  const names = new Set<string>()
  for (const e of checked) names.add(safeEndpoint(e, opts))
  const passing = [...names].filter((e) => !byEndpoint.has(e) && !inChains.has(e))
  const failing = (f: ReportFinding) =>
    failOn !== 'never' && SEVERITY_RANK[f.severity as Severity] >= SEVERITY_RANK[failOn]
  let failures = 0
  const cases: string[] = []
  for (const [endpoint, list] of byEndpoint) {
    const body: string[] = []
    for (const f of list) {
      const detail = [
        `${kindLabel(f.kind, tr)} (${tr.msg(`severity_${f.severity}`).toLowerCase()}) ${f.chain.map((h) => `${h.method} ${h.status}`).join(' → ')}`,
        ...f.evidence.map((e) => `- ${e.text}`),
        ...f.fixes.map((x) => `→ ${x.text}`),
      ].join('\n')
      const text = redactText(detail, opts)
      if (failing(f)) {
        failures++
        body.push(
          `      <failure type="${xmlEscape(f.kind)}" message="${xmlEscape(`${f.title}: ${f.request.method} ${f.status}`)}">${xmlEscape(text)}</failure>`,
        )
      } else {
        body.push(`      <system-out>${xmlEscape(text)}</system-out>`)
      }
    }
    cases.push(
      `    <testcase classname="method-doctor" name="${xmlEscape(endpoint)}">\n${body.join('\n')}\n    </testcase>`,
    )
  }
  for (const endpoint of passing)
    cases.push(`    <testcase classname="method-doctor" name="${xmlEscape(endpoint)}"/>`)
  const tests = byEndpoint.size + passing.length
  const suite = xmlEscape(`${tr.msg('junit_suite')}: ${redactText(report.source, opts)}`)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="method-doctor" tests="${tests}" failures="${failures}">`,
    `  <testsuite name="${suite}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    ...(report.secretsIncluded
      ? [
          '    <properties>',
          `      <property name="method-doctor.secrets" value="${xmlEscape(tr.msg('rpt_secrets_kept'))}"/>`,
          '    </properties>',
        ]
      : []),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
