import { header, parseMethodList } from '../headers'
import { isUnsafe } from '../methods'
import { isPreflight } from '../preflight'
import { pathVerdict } from '../probe/ladder'
import type { Evidence } from '../types'
import { callWithAllowedMethod } from './corrected-call'
import { compact, finalEvidence, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, type RuleContext, t } from './rule'
import { isServerActionCall } from './signs'

const CANNOT = /Cannot ([A-Z]+) (\/[^\s<"]*)/
const FASTIFY = /Route ([A-Z]+):(\S+) not found/
const APIGW_TOKEN = /Missing Authentication Token/

interface Disguise {
  evidence: Evidence[]
  /** Something beyond the error page itself shows the path exists. */
  confirmed: boolean
}

/** What shows the path exists for another method: traffic, the ladder's probes, the API description. */
function existence(ctx: RuleContext): Evidence | 'missing' | null {
  const { final, trafficMethods, trafficRecalled } = ctx
  const others = [...trafficMethods].filter((m) => m !== final.method)
  const certain = others.filter((m) => !trafficRecalled.has(m))
  if (certain.length > 0) return ev('traffic', 'ev_other_method_ok', { methods: certain.join(', ') })
  // Traffic remembered only approximately counts last: anything certain (a probe, the API
  // description) comes first, even to say the path is missing.
  const found = beyondTraffic(ctx)
  if (found === null && others.length > 0)
    return ev('traffic', 'ev_other_method_ok_approx', { methods: others.join(', ') })
  return found
}

/** What shows the path exists without the traffic: the API description, then the ladder's probes. */
function beyondTraffic(ctx: RuleContext): Evidence | 'missing' | null {
  const { final, probe, declared } = ctx
  if (declared && declared.length > 0) {
    return declared.includes(final.method)
      ? ev('openapi', 'ev_openapi_declares_method', { method: final.method })
      : ev('openapi', 'ev_openapi_lacks_method', { method: final.method, methods: declared.join(', ') })
  }
  const options = probe?.steps.find((s) => s.method === 'OPTIONS' && s.outcome === 'answered')
  const allow = parseMethodList(options?.headers.allow).filter((m) => m !== 'OPTIONS')
  if (options && options.status < 400 && allow.length > 0) {
    return ev('probe', 'ev_probe_options_lists', { status: String(options.status), allow: allow.join(', ') })
  }
  const verdict = probe ? pathVerdict(probe.steps) : 'unknown'
  if (verdict === 'exists') {
    const step = probe!.steps.find(
      (s) => s.method !== 'OPTIONS' && s.outcome === 'answered' && s.status !== 404 && s.status !== 410,
    )!
    return ev('probe', 'ev_probe_path_exists', { method: step.method, status: String(step.status) })
  }
  return verdict === 'missing' ? 'missing' : null
}

/** Why a 404/403 is really "this method is not served here", or null if nothing says so. */
function disguise(ctx: RuleContext): Disguise | null {
  const { final } = ctx
  if (final.status === 404) {
    const named = CANNOT.exec(final.body) ?? FASTIFY.exec(final.body)
    const found = existence(ctx)
    if (found === 'missing') return null
    const evidence: Evidence[] = []
    // "Cannot POST /x" is also what these stacks say for a path that does not exist at all.
    if (named && named[1] === final.method)
      evidence.push(
        ev('response', 'ev_body_names_method', { text: named[0].slice(0, 120), method: final.method }),
      )
    else if (ctx.framework?.hides405 && isUnsafe(final.method))
      evidence.push(
        ev('fingerprint', 'ev_stack_hides_405', { name: ctx.framework.name, method: final.method }),
      )
    if (found) evidence.push(found)
    if (evidence.length === 0) return null
    if (!found) evidence.push(ev('response', 'ev_unconfirmed_404'))
    // Likely is not confirmed: the finding stays a warning until exact evidence settles it.
    return { evidence, confirmed: found !== null && found.id !== 'ev_other_method_ok_approx' }
  }
  if (final.status === 403 && APIGW_TOKEN.test(final.body) && ctx.framework?.id === 'api-gateway') {
    return { evidence: [ev('response', 'ev_apigw_token', { method: final.method })], confirmed: true }
  }
  return null
}

export const wrongMethod: Rule<'wrong-method'> = {
  kind: 'wrong-method',
  links: { rfc: `${RFC}#name-405-method-not-allowed`, mdn: `${MDN}/Status/405` },
  shortLabel: 'ui_kind_short_wrong_method',
  probeOnHit: true,
  // The safe HEAD/GET steps only for what the response leaves open: a 404 in disguise, a 405 or 501
  // without Allow. A 405 with Allow already said enough; OPTIONS may still add the app's own list.
  suspects({ first, final }) {
    // A Server Action posts to the page itself: HEAD or GET would only show the page exists.
    if (isServerActionCall(first)) return 'none'
    if (final.status === 404 && isUnsafe(final.method)) return 'ladder'
    if (final.status !== 405 && final.status !== 501) return 'none'
    return header(final.responseHeaders, 'allow') === undefined ? 'ladder' : 'options'
  },
  // A 501 speaks for the whole server: a method seen working anywhere on the origin changes it.
  readsOrigin: ({ final }) => final.status === 501,
  correctedCall: callWithAllowedMethod,
  evaluate(ctx) {
    const { final } = ctx
    if (isPreflight(ctx.first) || isServerActionCall(ctx.first)) return null
    let evidence: Evidence[]
    let confirmed = true
    // 501 says the server as a whole does not implement the method: never true of GET or HEAD,
    // which every server must support, nor of a method the same origin answered elsewhere.
    if (final.status === 501 && (!isUnsafe(final.method) || ctx.originMethods.has(final.method))) return null
    if (final.status === 405 || final.status === 501) {
      evidence = finalEvidence(final)
    } else {
      const found = disguise(ctx)
      if (!found) return null
      evidence = [...finalEvidence(final), ...found.evidence]
      confirmed = found.confirmed
    }
    evidence.push(...frameworkEvidence(ctx.framework))
    return {
      kind: 'wrong-method',
      // An unconfirmed 404 may just be a missing path: a warning until a probe or traffic settles it.
      severity: confirmed ? 'error' : 'warning',
      method: final.method,
      url: final.url,
      evidence,
      causes: compact([t('cause_client_method'), fwText(ctx.framework, 'cause'), t('cause_url_typo')]),
      fixes: compact([t('fix_use_allowed_method'), fwText(ctx.framework, 'fix')]),
      prevention: [t('prev_document_methods'), t('prev_test_methods')],
    }
  },
}
