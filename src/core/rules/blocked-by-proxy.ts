import { header, parseMethodList } from '../headers'
import { isUnsafe } from '../methods'
import type { Evidence, Framework } from '../types'
import { sameCall } from './corrected-call'
import { compact, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

const REJECTING = new Set([403, 405, 501])

/**
 * A relay that may have answered itself. Headers a relay puts on every response (Cloudflare's cf-ray,
 * a Via) do not say it answered: only the probe or the API description can show the method is the
 * app's. An edge that routes (API Gateway) answers for the app, and a pass-through one only relays.
 */
export function isEdgeRelay(framework: Framework | null): boolean {
  return framework?.role === 'edge' && !framework.router && !framework.passThrough
}

export const blockedByProxy: Rule<'blocked-by-proxy'> = {
  kind: 'blocked-by-proxy',
  supersedes: ['wrong-method', 'missing-allow-header'],
  links: { rfc: `${RFC}#name-via`, mdn: `${MDN}/Status/405` },
  shortLabel: 'ui_kind_short_blocked_by_proxy',
  probeOnHit: true,
  // A rejection may be the app's or a relay's: OPTIONS asks the app; the safe HEAD/GET steps only for
  // a write a suspected relay refused with 403.
  suspects({ final, framework }) {
    if (!REJECTING.has(final.status)) return 'none'
    return final.status === 403 && isEdgeRelay(framework) && isUnsafe(final.method) ? 'ladder' : 'options'
  },
  correctedCall: sameCall,
  evaluate(ctx) {
    const { final, framework, probe } = ctx
    if (!REJECTING.has(final.status)) return null
    const evidence: Evidence[] = []
    // A rejection whose own Allow lists the method came from whoever keeps that list: a probe or a
    // description agreeing with it shows a server contradicting itself, not a relay in front.
    const selfContradicting = parseMethodList(header(final.responseHeaders, 'allow')).includes(final.method)
    const optionsStep = probe?.steps.find((s) => s.method === 'OPTIONS' && s.outcome === 'answered')
    const probeAllow = parseMethodList(optionsStep?.headers.allow)
    if (probeAllow.includes(final.method) && !selfContradicting) {
      evidence.push(
        ev('probe', 'ev_probe_allows_method', {
          method: final.method,
          allow: probeAllow.join(', '),
          status: String(optionsStep?.status ?? 0),
        }),
      )
    }
    if (ctx.declared?.includes(final.method) && !selfContradicting) {
      evidence.push(ev('openapi', 'ev_openapi_declares_method', { method: final.method }))
    }
    if (ctx.trafficMethods.has(final.method) && !selfContradicting) {
      const id = ctx.trafficRecalled.has(final.method)
        ? 'ev_traffic_method_worked_approx'
        : 'ev_traffic_method_worked'
      evidence.push(ev('traffic', id, { method: final.method }))
    }
    const edge = isEdgeRelay(framework)
    // A 403 from a CDN is often auth or bot protection; only count it for methods WAFs commonly block.
    if (edge && (final.status !== 403 || isUnsafe(final.method))) {
      evidence.push(...frameworkEvidence(framework))
      const via = header(final.responseHeaders, 'via')
      if (via !== undefined) evidence.push(ev('response', 'ev_via_header', { via: via.slice(0, 120) }))
    }
    if (evidence.length === 0) return null
    // Only traffic remembered approximately says the method worked: likely, so not an error yet.
    const likelyOnly = evidence.every((e) => e.id === 'ev_traffic_method_worked_approx')
    // The app allows the method, yet the answer came through a relay: say which one.
    if (!edge && framework?.passThrough && framework.role === 'edge')
      evidence.push(...frameworkEvidence(framework))
    evidence.unshift(
      ev('response', 'ev_final_status', {
        method: final.method,
        status: String(final.status),
        url: final.url,
      }),
    )
    return {
      kind: 'blocked-by-proxy',
      severity: likelyOnly ? 'warning' : 'error',
      method: final.method,
      url: final.url,
      evidence,
      causes: [t('cause_edge_blocks_method', { method: final.method })],
      fixes: compact([
        t('fix_edge_allow_method', { method: final.method }),
        edge ? fwText(framework, 'fix', true) : null,
        t('fix_bypass_to_confirm'),
      ]),
      prevention: [t('prev_edge_config_in_repo')],
    }
  },
}
