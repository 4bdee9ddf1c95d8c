/**
 * The finding kinds as data, in the panel's kind-bar order, each with its rule's short label key.
 * Plain data, so the panel has it without bundling the rules. Typed from RULES: it must name every
 * rule's kind and no other (or it does not compile), and the kinds test checks each label is its
 * rule's `shortLabel`.
 */
import type { FindingKind } from './rules'
import type { Rule } from './rules/rule'

export const KIND_SHORT_LABELS: { readonly [K in FindingKind]: Rule['shortLabel'] } = {
  'wrong-method': 'ui_kind_short_wrong_method',
  'redirect-method-change': 'ui_kind_short_redirect_method_change',
  'trailing-slash-redirect': 'ui_kind_short_trailing_slash_redirect',
  'missing-allow-header': 'ui_kind_short_missing_allow_header',
  'blocked-by-proxy': 'ui_kind_short_blocked_by_proxy',
  'static-host': 'ui_kind_short_static_host',
  'cors-preflight-rejected': 'ui_kind_short_cors_preflight_rejected',
  'auth-redirect': 'ui_kind_short_auth_redirect',
  'redirect-keeps-method': 'ui_kind_short_redirect_keeps_method',
  'preflight-redirected': 'ui_kind_short_preflight_redirected',
  'stale-server-action': 'ui_kind_short_stale_server_action',
  'post-redirect-get': 'ui_kind_short_post_redirect_get',
  'request-failed': 'ui_kind_short_request_failed',
  'service-worker-answer': 'ui_kind_short_service_worker_answer',
}

/** Every kind, in the kind bar's order (the keys above, as written). */
export const FINDING_KINDS = Object.keys(KIND_SHORT_LABELS) as readonly FindingKind[]

/** The short label key of a kind read from outside (a message, an imported report), if it is one. */
export function shortLabelKey(kind: string): Rule['shortLabel'] | undefined {
  return Object.hasOwn(KIND_SHORT_LABELS, kind) ? KIND_SHORT_LABELS[kind as FindingKind] : undefined
}
