import { allowedFor } from '../allowed'
import { chooseFixMethod } from '../fix-method'
import { RULE_BY_KIND } from '../rules'
import { type SnippetRequest, snippetsFor } from '../snippets'
import type { Allowed, Finding, Snippet } from '../types'
import { isHttpUrl } from '../url'
import type { Group, Member } from './finding-groups'

/** Methods that got a 2xx at a URL's endpoint, as the traffic index knows them now. */
/** What a finding about something else than the method shows for the endpoint's methods: nothing. */
const notAboutMethods = (): Allowed => ({ methods: null, sources: [], notes: [] })

export type TrafficAt = (url: string) => ReadonlySet<string> | undefined

/** The finding a group shows, built once and kept until something it shows changes. */
export function findingOf(g: Group, trafficAt: TrafficAt): Finding {
  if (g.built) return g.built
  const { rep, firstSeen, lastSeen } = representative(g)
  const { hit, ctx } = rep
  const rule = RULE_BY_KIND.get(hit.kind)!
  const allowed =
    rule.aboutAllowedMethods === false
      ? notAboutMethods()
      : allowedFor({
          final: ctx.final,
          probe: ctx.probe,
          traffic: trafficAt(ctx.final.url) ?? ctx.trafficMethods,
          declared: ctx.declared,
          framework: ctx.framework,
        })
  const fix = chooseFixMethod(rule, hit, ctx, allowed)
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
    prevention: hit.prevention,
    links: rule.links,
    count: g.members.size + g.retired,
    firstSeen,
    lastSeen,
  }
  g.built = finding
  return finding
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

/** Redacted snippets, plus the credentialed ones when the request carried something to redact. */
function snippetsOf(r: SnippetRequest | null): { snippets: Snippet[]; snippetsWithSecrets?: Snippet[] } {
  if (!r) return { snippets: [] }
  const snippets = snippetsFor(r)
  const raw = snippetsFor(r, { keepSecrets: true })
  return raw.some((s, i) => s.code !== snippets[i]?.code)
    ? { snippets, snippetsWithSecrets: raw }
    : { snippets }
}
