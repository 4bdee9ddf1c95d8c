import { header } from '../headers'
import type { Evidence, Exchange, Framework, Text } from '../types'
import { ev, t } from './rule'

/** Facts about the final answer that several rules cite. */
export function finalEvidence(final: Exchange): Evidence[] {
  const out: Evidence[] = [
    ev('response', 'ev_final_status', { method: final.method, status: String(final.status), url: final.url }),
  ]
  const allow = header(final.responseHeaders, 'allow')
  if (allow !== undefined) out.push(ev('response', 'ev_response_allow', { allow: allow.slice(0, 200) }))
  return out
}

export function frameworkEvidence(fw: Framework | null): Evidence[] {
  if (!fw) return []
  return [ev('fingerprint', 'ev_framework', { name: fw.name, signals: fw.evidence.join('; ') })]
}

/** Message id of a framework-specific text, e.g. fw_django_fix; the i18n test checks each exists. */
export function fwText(fw: Framework | null, suffix: 'fix' | 'slash' | 'cause'): Text | null {
  if (!fw) return null
  const text = t(`fw_${fw.id.replace(/-/g, '_')}_${suffix}`)
  return suffix === 'fix' ? text : { ...text, optional: true }
}

export function compact<T>(list: readonly (T | null | undefined)[]): T[] {
  return list.filter((x): x is T => x !== null && x !== undefined)
}
