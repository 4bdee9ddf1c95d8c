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

/** Markdown-safe inline text: untrusted strings cannot open links, HTML or tables. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#|!~]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ')
}

/** Inline code that survives backticks in the data (RFC tokens may contain them). */
function code(s: string): string {
  const ticks = '`'.repeat(Math.max(1, ...[...s.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  return ticks.length > 1 ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`
}

function fence(code: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  return `${ticks}${lang}\n${code}\n${ticks}`
}

const ICON = { error: '🛑', warning: '⚠️', info: 'ℹ️' } as const

export function findingMarkdown(f: ReportFinding, tr: Translator): string {
  const out: string[] = []
  const icon = ICON[f.severity as keyof typeof ICON] ?? ''
  out.push(`### ${icon} ${mdText(f.title)} — ${code(f.request.method)} ${mdText(f.request.url)}`)
  out.push('')
  out.push(
    `- **${mdText(kindLabel(f.kind, tr))}** · ${chainLine(f, tr)} · ${mdText(tr.msg('rpt_count', { count: String(f.count) }))}`,
  )
  const allowed = f.allowed.methods ? f.allowed.methods.map(code).join(' ') : mdText(tr.msg('rpt_unknown'))
  out.push(
    `- ${mdText(tr.msg('rpt_used'))}: ${code(f.request.method)} · ${mdText(tr.msg('rpt_allowed'))}: ${allowed}`,
  )
  for (const s of f.allowed.sources)
    out.push(
      `  - ${mdText(s.label)}: ${s.methods.map(code).join(' ')}${s.detail ? ` (${mdText(s.detail)})` : ''}`,
    )
  for (const n of f.allowed.notes) out.push(`  - _${mdText(n.text)}_`)
  if (f.framework)
    out.push(
      `- ${mdText(tr.msg(f.framework.passThrough ? 'rpt_relay' : 'rpt_server'))}: ${mdText(f.framework.name)}`,
    )
  const sentBy = sentByLine(f, tr)
  if (sentBy) out.push(`- ${mdText(sentBy)}`)
  const ids = requestIdsList(f)
  // As escaped text, not code spans: a server's id may hold `<` or backticks.
  if (ids.length > 0) out.push(`- ${mdText(tr.msg('request_ids'))}: ${ids.map(mdText).join(' · ')}`)
  if (f.chain.length > 1) {
    out.push('', `**${mdText(tr.msg('rpt_chain'))}**`, '')
    f.chain.forEach((h, i) => {
      out.push(
        `${i + 1}. ${code(h.method)} ${mdText(h.url)} → **${h.status || mdText(tr.msg('rpt_no_response'))}**${h.location ? ` — ${mdText(statusMeaning(h.status, tr))}` : ''}`,
      )
    })
  }
  out.push('', `**${mdText(tr.msg('rpt_evidence'))}**`, '')
  for (const e of f.evidence) out.push(`- _${mdText(evidenceSourceLabel(e.source, tr))}_: ${mdText(e.text)}`)
  out.push('', `**${mdText(tr.msg('rpt_causes'))}**`, '')
  for (const [i, c] of f.causes.entries()) out.push(`${i + 1}. ${mdText(c.text)}`)
  out.push('', `**${mdText(tr.msg('rpt_fixes'))}**`, '')
  for (const x of f.fixes) out.push(`- ${mdText(x.text)}`)
  for (const s of f.snippets)
    out.push('', fence(s.code, s.lang === 'curl' ? 'sh' : s.lang === 'fetch' ? 'js' : 'python'))
  out.push('', `**${mdText(tr.msg('rpt_prevention'))}**`, '')
  for (const p of f.prevention) out.push(`- ${mdText(p.text)}`)
  out.push('', `${mdText(tr.msg('rpt_links'))}: [RFC 9110](${f.links.rfc}) · [MDN](${f.links.mdn})`)
  return out.join('\n')
}

export function formatMarkdown(
  report: Report,
  tr: Translator,
  secretsKept = report.secretsIncluded === true,
): string {
  const n = countBySeverity(report.findings)
  const head =
    report.findings.length === 0
      ? tr.msg('rpt_none', { source: report.source })
      : tr.msg('rpt_heading', {
          count: String(report.findings.length),
          source: report.source,
          errors: String(n.errors),
          warnings: String(n.warnings),
          infos: String(n.infos),
        })
  const parts = [
    `## ${mdText(head)}`,
    '',
    `_${mdText(tr.msg(secretsKept ? 'rpt_secrets_kept' : 'rpt_redacted_note'))}_`,
  ]
  for (const f of report.findings) parts.push('', findingMarkdown(f, tr))
  return `${parts.join('\n')}\n`
}
