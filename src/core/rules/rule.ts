import type { Evidence, Exchange, FindingKind, Framework, ProbeResult, Severity, Text } from '../types'

/** What every rule sees: one redirect chain (or one preflight) and what else is known. */
export interface RuleContext {
  /** Hops in order; the first is what the page asked for. */
  chain: readonly Exchange[]
  first: Exchange
  final: Exchange
  framework: Framework | null
  /** Discovery ladder results for the final hop's endpoint, when any. */
  probe: ProbeResult | undefined
  /** Methods that got a 2xx on this endpoint elsewhere in the capture. */
  trafficMethods: ReadonlySet<string>
  /** Methods the API description declares for the final URL (null = no description loaded). */
  declared: readonly string[] | null
}

export interface RuleHit {
  kind: FindingKind
  severity: Severity
  /** The method the finding is about and where it went. */
  method: string
  url: string
  evidence: Evidence[]
  causes: Text[]
  fixes: Text[]
  prevention: Text[]
}

export interface Rule {
  kind: FindingKind
  /** Kinds this rule's hit makes redundant on the same chain (a more specific explanation). */
  supersedes?: readonly FindingKind[]
  links: { rfc: string; mdn: string }
  evaluate(ctx: RuleContext): RuleHit | null
}

export const RFC = 'https://www.rfc-editor.org/rfc/rfc9110'
export const MDN = 'https://developer.mozilla.org/en-US/docs/Web/HTTP'

export function t(id: string, params?: Record<string, string>): Text {
  return params ? { id, params } : { id }
}

export function ev(source: Evidence['source'], id: string, params?: Record<string, string>): Evidence {
  return params ? { source, id, params } : { source, id }
}
