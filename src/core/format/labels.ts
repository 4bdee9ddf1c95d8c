/** Short texts the text and Markdown formats both write: a chain in one line, a status's meaning. */
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
