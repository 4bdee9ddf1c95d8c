import { allowedFor } from '../allowed'
import { correlationIds } from '../correlation'
import { chooseFixMethod } from '../fix-method'
import { header } from '../headers'
import { RULE_BY_KIND } from '../rules'
import type { RuleContext } from '../rules/rule'
import { sentBy } from '../sent-by'
import { callHeaders, type SnippetRequest, snippetsFor } from '../snippets'
import type { Allowed, Exchange, Finding, FindingInitiator, FixCall, Snippet } from '../types'
import { isHttpUrl, originOf } from '../url'
import type { Group, Member } from './finding-groups'
import type { TrafficRecall, TrafficView } from './traffic-index'
import { trafficNote } from './traffic-notes'

/** What a finding about something else than the method shows for the endpoint's methods: nothing. */
const notAboutMethods = (): Allowed => ({ methods: null, sources: [], notes: [] })

/**
 * How much of a finding to build: `listing` leaves the corrected calls out (the costliest part),
 * for callers that only summarize it for the panel's list.
 */
export type FindingDetail = 'whole' | 'listing'

/** The finding a group shows, built afresh (the groups keep only what it is built from). */
export function findingOf(g: Group, traffic: TrafficView, detail: FindingDetail = 'whole'): Finding {
  const { rep, firstSeen, lastSeen } = representative(g)
  const { hit, ctx } = rep
  const rule = RULE_BY_KIND.get(hit.kind)!
  const allowed = rule.aboutAllowedMethods === false ? notAboutMethods() : allowedHere(ctx, traffic)
  const fix = detail === 'whole' ? chooseFixMethod(rule, hit, ctx, allowed) : null
  const finding: Finding = {
    id: g.id,
    kind: hit.kind,
    severity: hit.severity,
    request: {
      method: rule.reportedMethod?.(hit, ctx) ?? ctx.first.method,
      url: ctx.first.url,
    },
    status: ctx.final.status,
    chain: ctx.chain.map((x) => ({
      method: x.method,
      url: x.url,
      status: x.status,
      ...(x.statusText ? { statusText: x.statusText } : {}),
      ...(x.redirectURL ? { location: x.redirectURL } : {}),
      ...(x.error ? { error: x.error } : {}),
    })),
    allowed,
    framework: ctx.framework,
    evidence: hit.evidence,
    causes: hit.causes,
    fixes: hit.fixes,
    // A corrected call is only offered for http(s): never a `javascript:`/`data:` URL to copy and run.
    ...snippetsOf(fix && isHttpUrl(fix.url) ? { ...fix, headers: ctx.first.requestHeaders } : null),
    ...(fix && isHttpUrl(fix.url) ? { call: callOf(fix, ctx) } : {}),
    prevention: hit.prevention,
    links: rule.links,
    ...initiatorField(ctx.first, detail),
    // The list never shows request ids: a listing leaves them out like the stack.
    ...(detail === 'whole' ? correlationField(ctx.chain) : {}),
    count: g.members.size + g.retired,
    firstSeen,
    lastSeen,
  }
  return finding
}

/**
 * The endpoint's methods as the traffic index knows them now (what the rules saw, if it knows
 * nothing now), saying which are only likely, or that older traffic may have been forgotten.
 */
function allowedHere(ctx: RuleContext, traffic: TrafficView): Allowed {
  const now = traffic.at(ctx.final.url)
  const seen: TrafficRecall =
    now && now.methods.size > 0 ? now : { methods: ctx.trafficMethods, recalled: ctx.trafficRecalled }
  const allowed = allowedFor({
    final: ctx.final,
    probe: ctx.probe,
    traffic: seen.methods,
    declared: ctx.declared,
    framework: ctx.framework,
  })
  const note = trafficNote(seen, traffic.agedOutBefore())
  return note ? { ...allowed, notes: [...allowed.notes, note] } : allowed
}

/** The member that speaks for the group: the latest, ties broken by content, never by arrival order. */
function representative(g: Group): { rep: Member; firstSeen: number; lastSeen: number } {
  let rep: Member | null = null
  let firstSeen = g.retiredFirstSeen
  for (const m of g.members.values()) {
    firstSeen = Math.min(firstSeen, m.time)
    if (!rep || m.time > rep.time || (m.time === rep.time && order(m) > order(rep))) rep = m
  }
  return { rep: rep!, firstSeen, lastSeen: rep!.time }
}

function order(m: Member): string {
  return `${m.ctx.first.key} ${m.ctx.first.detail}`
}

/** The corrected call as values, for "Try the fix" (which redacts what it shows). */
function callOf(fix: { method: string; url: string }, ctx: RuleContext): FixCall {
  const h = ctx.first.requestHeaders
  const from = pageOrigin(header(h, 'origin')) ?? pageOrigin(header(h, 'referer'))
  return {
    method: fix.method,
    url: fix.url,
    headers: callHeaders(h),
    cookies: h.has('cookie'),
    ...(from ? { from } : {}),
  }
}

/**
 * Where the first request was sent from: the page's code (Chromium's stack), or for a form or link
 * the document it was in (the Referer; the request URL is the form's action). A listing leaves the
 * whole stack out.
 */
function initiatorField(first: Exchange, detail: FindingDetail): { initiator?: FindingInitiator } {
  const i = first.initiator
  if (i?.frame) {
    const { url, line, column, function: fn } = i.frame
    return {
      initiator: {
        type: i.type,
        url,
        ...(line > 0 ? { line } : {}),
        ...(column > 0 ? { column } : {}),
        ...(fn !== '' ? { function: fn } : {}),
        ...(detail === 'whole' && i.stack ? { stack: i.stack } : {}),
      },
    }
  }
  if (sentBy(first) !== 'navigation') return {}
  const from = header(first.requestHeaders, 'referer')
  return from && /^https?:\/\//i.test(from) ? { initiator: { type: 'navigation', url: from } } : {}
}

function correlationField(chain: readonly Exchange[]): Pick<Finding, 'correlation'> {
  const ids = correlationIds(chain)
  return ids.length > 0 ? { correlation: ids } : {}
}

/** An http(s) origin from an Origin or Referer value ('null' and junk: none). */
function pageOrigin(v: string | undefined): string | null {
  if (!v || !/^https?:\/\//i.test(v)) return null
  return originOf(v) || null
}

/** Redacted snippets, plus the credentialed ones when the request carried something to redact. */
function snippetsOf(r: SnippetRequest | null): { snippets: Snippet[]; snippetsWithSecrets?: Snippet[] } {
  if (!r) return { snippets: [] }
  const snippets = snippetsFor(r)
  const raw = snippetsFor(r, { keepSecrets: true })
  return raw.some((s, i) => s.code !== snippets[i]?.code)
    ? { snippets, snippetsWithSecrets: raw }
    : { snippets }
}
