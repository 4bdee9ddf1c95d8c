import type { Translator } from '../i18n'
import type { Report, ReportFinding } from '../report'
import {
  chainLine,
  evidenceSourceLabel,
  kindLabel,
  requestIdsList,
  sentByLine,
  statusMeaning,
} from './labels'
import { countBySeverity } from './severity-counts'

export interface TextOptions {
  color: boolean
}

const SGR = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, green: 32, cyan: 36 } as const

/**
 * Terminal control characters and bidi overrides from a hostile HAR must not reach the terminal;
 * a tab or newline inside data would let it forge report lines.
 */
export function terminalSafe(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
}

/** Terminal report: findings grouped by endpoint, the chain per hop, allowed beside used, the fix. */
export function formatText(report: Report, tr: Translator, opts: TextOptions): string {
  const c = (code: keyof typeof SGR, s: string) => (opts.color ? `\x1b[${SGR[code]}m${s}\x1b[0m` : s)
  const safe = terminalSafe
  const n = countBySeverity(report.findings)
  const warning = report.secretsIncluded ? `${c('yellow', tr.msg('rpt_secrets_kept'))}\n\n` : ''
  if (report.findings.length === 0)
    return `${warning}${tr.msg('rpt_none', { source: safe(report.source) })}\n`
  const lines = [
    ...(warning ? [warning.slice(0, -2), ''] : []),
    c(
      'bold',
      tr.msg('rpt_heading', {
        count: String(report.findings.length),
        source: safe(report.source),
        errors: String(n.errors),
        warnings: String(n.warnings),
        infos: String(n.infos),
      }),
    ),
    '',
  ]
  const byEndpoint = new Map<string, ReportFinding[]>()
  for (const f of report.findings) {
    const key = `${f.request.method} ${f.request.url.split('?')[0]}`
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), f])
  }
  for (const [endpoint, list] of byEndpoint) {
    lines.push(c('bold', safe(endpoint)))
    for (const f of list) {
      // The shape carries the severity without colour; the word is in the report's language.
      const word = tr.msg(`severity_${f.severity}`).toLowerCase()
      const sev =
        f.severity === 'error'
          ? c('red', `✖ ${word}`)
          : f.severity === 'warning'
            ? c('yellow', `▲ ${word}`)
            : c('blue', `ℹ ${word}`)
      lines.push(
        `  ${sev}  ${f.title} ${c('dim', `[${safe(kindLabel(f.kind, tr))}]`)}  ${c('dim', tr.msg('rpt_count', { count: String(f.count) }))}`,
      )
      lines.push(`    ${chainLine(f, tr)}`)
      if (f.chain.length > 1) {
        f.chain.forEach((h, i) => {
          const arrow = h.location ? c('dim', `  → ${safe(h.location)}`) : ''
          lines.push(
            `      ${i + 1}. ${h.method} ${safe(h.url)}  ${h.status || tr.msg('rpt_no_response')}${arrow}`,
          )
          if (h.location) lines.push(c('dim', `         ${statusMeaning(h.status, tr)}`))
        })
      }
      const allowed = f.allowed.methods ? f.allowed.methods.join(', ') : tr.msg('rpt_unknown')
      const from = f.allowed.sources.map((s) => `${s.label}: ${s.methods.join(', ')}`).join('; ')
      lines.push(
        `    ${tr.msg('rpt_used')}: ${c('bold', f.request.method)}   ${tr.msg('rpt_allowed')}: ${c('green', allowed)}${from ? c('dim', `  (${safe(from)})`) : ''}`,
      )
      for (const note of f.allowed.notes) lines.push(c('dim', `    ${safe(note.text)}`))
      if (f.framework)
        lines.push(`    ${tr.msg(f.framework.passThrough ? 'rpt_relay' : 'rpt_server')}: ${f.framework.name}`)
      const sentBy = sentByLine(f, tr)
      if (sentBy) lines.push(`    ${safe(sentBy)}`)
      const ids = requestIdsList(f)
      if (ids.length > 0) lines.push(`    ${tr.msg('request_ids')}: ${safe(ids.join(' · '))}`)
      lines.push(`    ${tr.msg('rpt_evidence')}:`)
      for (const e of f.evidence)
        lines.push(`      - ${c('dim', `[${safe(evidenceSourceLabel(e.source, tr))}]`)} ${safe(e.text)}`)
      if (f.causes[0])
        lines.push(`    ${tr.msg('rpt_causes')}: ${safe(f.causes.map((x) => x.text).join(' '))}`)
      for (const fix of f.fixes) lines.push(`    ${c('green', '→')} ${safe(fix.text)}`)
      const curl = f.snippets.find((s) => s.lang === 'curl')
      // Each line of the code as it is, behind a prompt or an indent: nothing inside is rewritten.
      // A curl snippet holds no control, format (bidi, zero-width) or line-separator character: its
      // header is left out instead (snippets.ts). safe() is only a second net.
      const code = curl?.code
        .split('\n')
        .map((l) => `      ${l.startsWith('curl ') ? '$ ' : '  '}${safe(l)}`)
        .join('\n')
      if (code) lines.push(c('cyan', code))
      lines.push('')
    }
  }
  return `${lines.join('\n')}\n`
}
