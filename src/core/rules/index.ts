import { authRedirect } from './auth-redirect'
import { blockedByProxy } from './blocked-by-proxy'
import { corsPreflightRejected } from './cors-preflight-rejected'
import { missingAllowHeader } from './missing-allow-header'
import { postRedirectGet } from './post-redirect-get'
import { preflightRedirected } from './preflight-redirected'
import { redirectKeepsMethod } from './redirect-keeps-method'
import { redirectMethodChange } from './redirect-method-change'
import { requestFailed } from './request-failed'
import type { ProbeDepth, Rule, RuleContext, RuleHit } from './rule'
import { serviceWorkerAnswer } from './service-worker-answer'
import { staleServerAction } from './stale-server-action'
import { staticHost } from './static-host'
import { trailingSlashRedirect } from './trailing-slash-redirect'
import { wrongMethod } from './wrong-method'

/** Every diagnosis rule, one module each, in the order they are evaluated. */
const RULE_LIST = [
  staleServerAction,
  authRedirect,
  redirectKeepsMethod,
  staticHost,
  blockedByProxy,
  redirectMethodChange,
  trailingSlashRedirect,
  wrongMethod,
  missingAllowHeader,
  corsPreflightRejected,
  preflightRedirected,
  postRedirectGet,
  requestFailed,
  serviceWorkerAnswer,
] as const

/** Every kind Method Doctor can report: the kinds of the rules above, the one list of them. */
export type FindingKind = (typeof RULE_LIST)[number]['kind']

/** The rules, as the engine uses them. A test checks every kind has its texts. */
export const RULES: readonly Rule[] = RULE_LIST

export const RULE_BY_KIND = new Map(RULES.map((r) => [r.kind, r]))

const judgesWorker = (r: Rule): boolean => r.judges === 'service-worker'
const FOR_SERVER = RULES.filter((r) => !judgesWorker(r))
const FOR_SERVICE_WORKER = RULES.filter(judgesWorker)

/** The rules that judge this chain: the worker's answers are never taken for the server's. */
function rulesFor(ctx: RuleContext): readonly Rule[] {
  return ctx.chain.some((x) => x.viaServiceWorker) ? FOR_SERVICE_WORKER : FOR_SERVER
}

/** Runs every rule that judges this chain, then drops hits a more specific hit explains. */
export function evaluateRules(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = []
  for (const rule of rulesFor(ctx)) {
    const h = rule.evaluate(ctx)
    if (h) hits.push(h)
  }
  const superseded = new Set(hits.flatMap((h) => RULE_BY_KIND.get(h.kind)?.supersedes ?? []))
  return hits.filter((h) => !superseded.has(h.kind))
}

const DEPTH_RANK: Record<ProbeDepth, number> = { none: 0, options: 1, ladder: 2 }

/** The deepest probe any rule says could help it decide about this chain. */
export function suspicionOf(ctx: RuleContext): ProbeDepth {
  let depth: ProbeDepth = 'none'
  for (const rule of rulesFor(ctx)) {
    const d = rule.suspects?.(ctx) ?? 'none'
    if (DEPTH_RANK[d] > DEPTH_RANK[depth]) depth = d
  }
  return depth
}

/** Whether any rule's verdict on this chain depends on what the whole origin served. */
export function readsOrigin(ctx: RuleContext): boolean {
  return rulesFor(ctx).some((r) => r.readsOrigin?.(ctx) === true)
}
