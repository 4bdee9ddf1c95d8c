import type { Translator } from '../i18n'
import type { Finding } from '../types'

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

export function counts(findings: readonly { severity: string }[]): {
  errors: number
  warnings: number
  infos: number
} {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const f of findings) {
    if (f.severity === 'error') errors++
    else if (f.severity === 'warning') warnings++
    else infos++
  }
  return { errors, warnings, infos }
}
