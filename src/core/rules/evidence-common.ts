import { header, parseMethodList } from '../headers'
import type { Evidence, Exchange, Framework, Text } from '../types'
import { ev, type RuleContext, t } from './rule'

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
  const signals = fw.evidence.join('; ')
  // A relay's headers alone: say what passed the answer on, not who wrote it.
  if (fw.passThrough && fw.role === 'edge')
    return [ev('fingerprint', 'ev_passed_through', { name: fw.name, signals })]
  return [ev('fingerprint', 'ev_framework', { name: fw.name, signals })]
}

/** Message id of a framework-specific text, e.g. fw_django_fix; the i18n test checks each exists. */
export function fwText(
  fw: Framework | null,
  suffix: 'fix' | 'slash' | 'cause' | 'redirect',
  relayToo = false,
): Text | null {
  // Advice for a relay that may only have passed the application's answer on would mislead,
  // unless a rule has its own evidence that the relay answered.
  if (!fw || (fw.passThrough && fw.role === 'edge' && !relayToo)) return null
  const text = t(`fw_${fw.id.replace(/-/g, '_')}_${suffix}`)
  return suffix === 'fix' ? text : { ...text, optional: true }
}

export function compact<T>(list: readonly (T | null | undefined)[]): T[] {
  return list.filter((x): x is T => x !== null && x !== undefined)
}

/**
 * The app itself lists the final method for this endpoint: its OPTIONS answer, the API description
 * or a success with that method elsewhere in the capture. A refusal of it came from something in
 * front of the app (blocked-by-proxy), never from a static host.
 */
export function appListsMethod(
  ctx: Pick<RuleContext, 'final' | 'probe' | 'declared' | 'trafficMethods'>,
): boolean {
  const { final, probe, declared, trafficMethods } = ctx
  const options = probe?.steps.find((s) => s.method === 'OPTIONS' && s.outcome === 'answered')
  return (
    parseMethodList(options?.headers.allow).includes(final.method) ||
    declared?.includes(final.method) === true ||
    trafficMethods.has(final.method)
  )
}
