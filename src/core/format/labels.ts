/** Short texts the text and Markdown formats both write: a chain in one line, a status's meaning. */
import type { Translator } from '../i18n'
import { initiatorText } from '../initiator-text'
import { shortLabelKey } from '../kinds'
import type { ReportFinding } from '../report'
import type { Finding, FindingInitiator } from '../types'

/** `POST 301 → GET 405`: the chain in one line. */
export function chainLine(f: Pick<Finding, 'chain'>, tr: Translator): string {
  return f.chain
    .map((h) => `${h.method} ${h.status === 0 ? tr.msg('rpt_no_response') : h.status}`)
    .join(' → ')
}

export function statusMeaning(status: number, tr: Translator): string {
  return [301, 302, 303, 307, 308].includes(status)
    ? tr.msg(`status_meaning_${status}`)
    : tr.msg('status_meaning_other', { status: String(status) })
}

/** A kind's short label in the report's language, as the panel's kind column shows it; the JSON keeps the id. */
export function kindLabel(kind: string, tr: Translator): string {
  const key = shortLabelKey(kind)
  return key ? tr.msg(key) : kind
}

/** Where a piece of evidence came from, in the report's language, as the panel tags it. */
export function evidenceSourceLabel(source: string, tr: Translator): string {
  return tr.text({ id: `evsrc_${source}`, optional: true }) ?? source
}

/** "Sent by submitOrder at …/api.ts:42" in the report's language, or null when the capture does not say. */
export function sentByLine(f: Pick<ReportFinding, 'initiator'>, tr: Translator): string | null {
  if (!f.initiator) return null
  return tr.text(initiatorText(f.initiator as FindingInitiator))
}

/** `x-request-id: abc · cf-ray: 8a1b-LHR`, or null when the answers carried none. */
export function requestIdsList(f: Pick<ReportFinding, 'correlation'>): string[] {
  return (f.correlation ?? []).map((c) => `${c.header}: ${c.value}`)
}
