import type {
  Allowed,
  Evidence,
  Exchange,
  FindingKind,
  Framework,
  ProbeResult,
  Severity,
  Text,
} from '../types'

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
  /**
   * Those of `trafficMethods` known only from the compact memory of traffic that aged out of a long
   * capture (engine/traffic-index.ts): likely, never certain. Evidence citing them says so.
   */
  trafficRecalled: ReadonlySet<string>
  /** Methods that got a 2xx anywhere on the final URL's origin. */
  originMethods: ReadonlySet<string>
  /** The CORS preflight the browser sent for the final hop's method and URL, if captured. */
  preflight: Exchange | undefined
  /** Methods the API description declares for the final URL (null = no description loaded). */
  declared: readonly string[] | null
}

/** What a rule found; `K` is the rule's own kind. */
export interface RuleHit<K extends string = FindingKind> {
  kind: K
  severity: Severity
  /** The method the finding is about and where it went. */
  method: string
  url: string
  evidence: Evidence[]
  causes: Text[]
  fixes: Text[]
  prevention: Text[]
}

/** How far the engine probes an endpoint; the deepest any rule asks for wins. */
export type ProbeDepth = 'none' | 'options' | 'ladder'

/** A call to offer as the fix: the method and where to send it. */
export interface CorrectedCall {
  method: string
  url: string
}

/**
 * One diagnosis. Everything the engine and the fix chooser need to know about a kind lives here, so
 * adding a kind is one rule file plus its texts (docs/adding-a-rule.md).
 */
export interface Rule<K extends string = FindingKind> {
  /**
   * The kind's name. Each rule declares it once, as `Rule<'its-kind'>`: `FindingKind` is read from
   * the rules in RULES (./index.ts), so a typo or a kind without a rule does not type-check.
   */
  kind: K
  /** Kinds this rule's hit makes redundant on the same chain (a more specific explanation). */
  supersedes?: readonly FindingKind[]
  links: { rfc: string; mdn: string }
  /**
   * Whose answers the rule judges: the server's (the default), or those the page's own service
   * worker gave. A chain the worker answered any part of is shown only to the latter.
   */
  judges?: 'server' | 'service-worker'
  /** The kind's short label: `ui_kind_short_<kind with _ for ->` in ui.json (the panel reads it from src/core/kinds.ts). */
  shortLabel: `ui_kind_short_${string}`
  /**
   * Once this rule hits, ask for a probe of the final endpoint (OPTIONS; the safe HEAD/GET steps only
   * when some rule's `suspects` says 'ladder'). False where a probe cannot change the diagnosis.
   */
  probeOnHit: boolean
  /**
   * Hit or not yet: how far a probe could help this rule decide about a chain. Anything but 'none'
   * also makes the engine re-evaluate the chain when a probe answers or new traffic arrives.
   */
  suspects?(ctx: RuleContext): ProbeDepth
  /**
   * False when what the endpoint allows has no bearing on the finding (a sign-in page's answer, a
   * stale action, no answer at all): the finding then shows no allowed methods, so no "method used
   * is not allowed" line contradicts it.
   */
  aboutAllowedMethods?: false
  /**
   * Whether this chain's verdict depends on what the whole origin served (`originMethods`): such a
   * chain is looked at again when a method first works anywhere on that origin.
   */
  readsOrigin?(ctx: RuleContext): boolean
  /** The method the finding's request shows; by default the one the page first sent. */
  reportedMethod?(hit: RuleHit<K>, ctx: RuleContext): string
  /** The call to offer instead, or null when no call would help. Helpers: ./corrected-call. */
  correctedCall(hit: RuleHit<K>, ctx: RuleContext, allowed: Allowed): CorrectedCall | null
  evaluate(ctx: RuleContext): RuleHit<K> | null
}

export const RFC = 'https://www.rfc-editor.org/rfc/rfc9110'
export const MDN = 'https://developer.mozilla.org/en-US/docs/Web/HTTP'

export function t(id: string, params?: Record<string, string>): Text {
  return params ? { id, params } : { id }
}

export function ev(source: Evidence['source'], id: string, params?: Record<string, string>): Evidence {
  return params ? { source, id, params } : { source, id }
}
