import { isPreflight } from '../preflight'
import type { Evidence } from '../types'
import { compact, finalEvidence, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

const CANNOT = /Cannot ([A-Z]+) (\/[^\s<"]*)/
const FASTIFY = /Route ([A-Z]+):(\S+) not found/
const APIGW_TOKEN = /Missing Authentication Token/

/** Why a 404/403 is really "this method is not served here", or null if nothing says so. */
function disguiseEvidence(ctx: Parameters<Rule['evaluate']>[0]): Evidence[] | null {
  const { final, trafficMethods, probe, declared } = ctx
  const others = [...trafficMethods].filter((m) => m !== final.method)
  if (final.status === 404) {
    const cannot = CANNOT.exec(final.body) ?? FASTIFY.exec(final.body)
    if (cannot && cannot[1] === final.method) {
      return [ev('response', 'ev_body_names_method', { text: cannot[0].slice(0, 120), method: final.method })]
    }
    if (others.length > 0) return [ev('traffic', 'ev_other_method_ok', { methods: others.join(', ') })]
    const exists = probe?.steps.find((s) => (s.method === 'HEAD' || s.method === 'GET') && s.outcome === 'answered' && s.status !== 404 && s.status !== 410)
    if (exists) return [ev('probe', 'ev_probe_path_exists', { method: exists.method, status: String(exists.status) })]
    if (declared && declared.length > 0 && !declared.includes(final.method)) {
      return [ev('openapi', 'ev_openapi_lacks_method', { method: final.method, methods: declared.join(', ') })]
    }
    return null
  }
  if (final.status === 403 && APIGW_TOKEN.test(final.body) && ctx.framework?.id === 'api-gateway') {
    return [ev('response', 'ev_apigw_token', { method: final.method })]
  }
  return null
}

export const wrongMethod: Rule = {
  kind: 'wrong-method',
  links: { rfc: `${RFC}#name-405-method-not-allowed`, mdn: `${MDN}/Status/405` },
  evaluate(ctx) {
    const { final } = ctx
    if (isPreflight(ctx.first)) return null
    let evidence: Evidence[]
    if (final.status === 405 || final.status === 501) {
      evidence = finalEvidence(final)
    } else {
      const disguise = disguiseEvidence(ctx)
      if (!disguise) return null
      evidence = [...finalEvidence(final), ...disguise]
    }
    evidence.push(...frameworkEvidence(ctx.framework))
    return {
      kind: 'wrong-method',
      severity: 'error',
      method: final.method,
      url: final.url,
      evidence,
      causes: compact([t('cause_client_method'), fwText(ctx.framework, 'cause'), t('cause_url_typo')]),
      fixes: compact([t('fix_use_allowed_method'), fwText(ctx.framework, 'fix')]),
      prevention: [t('prev_document_methods'), t('prev_test_methods')],
    }
  },
}
