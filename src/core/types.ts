import type { Initiator, InitiatorType, StackSegment } from './initiator'
import type { FindingKind } from './rules'

// Stable ids of everything Method Doctor can report (the UI, the JSON report, the CLI): the kinds
// of the rules in src/core/rules, in kind-bar order as kinds.ts lists them.
export { FINDING_KINDS } from './kinds'
export type { FindingKind }

export type Severity = 'error' | 'warning' | 'info'
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 }

/** Header multimap with lower-cased names. A Map, so `__proto__` is just another key. */
export type HeaderMap = ReadonlyMap<string, readonly string[]>

/** One HTTP exchange (one HAR entry), normalised. Keeps only what the rules need. */
export interface Exchange {
  /** Method, URL and start: entries sharing it may be one request seen twice (getHAR + event). */
  key: string
  /** Status, duration and size: tells two identical-looking requests apart. */
  detail: string
  /** Arrival order, for stable tie-breaking. */
  seq: number
  /** Start time, ms since epoch (NaN when the HAR lacks it). */
  start: number
  method: string
  url: string
  requestHeaders: HeaderMap
  /** 0 = no response (failed, blocked, in flight). */
  status: number
  statusText: string
  responseHeaders: HeaderMap
  /** Location resolved against the request URL, '' when none. */
  redirectURL: string
  /** First bytes of the response body, when the HAR had it as text. */
  body: string
  resourceType: string
  error: string
  /**
   * The page's service worker answered, not the server (a mock such as MSW's, or the worker's copy
   * of a network answer): never probed, never evidence of what the server does.
   */
  viaServiceWorker?: true
  /** Of those, answered by a debugging proxy's auto-responder rather than the page's worker. */
  answeredByTool?: true
  /** Which code sent it (Chromium's `_initiator`); absent for plain successes and other browsers. */
  initiator?: Initiator
}

/** A short, translatable statement: a message id from the locale files plus its parameters. */
export interface Text {
  id: string
  params?: Record<string, string>
  /** Framework-specific extras: renderers skip them when no text exists for that framework. */
  optional?: boolean
}

export type EvidenceSource =
  | 'response'
  | 'request'
  | 'redirect'
  | 'probe'
  | 'traffic'
  | 'openapi'
  | 'fingerprint'

export interface Evidence extends Text {
  source: EvidenceSource
}

export interface Hop {
  method: string
  url: string
  status: number
  statusText?: string
  /** Resolved Location of a redirect hop. */
  location?: string
  error?: string
}

export type AllowedSourceKind =
  | 'response-allow'
  | 'probe-allow'
  | 'probe-cors'
  | 'head'
  | 'get'
  | 'traffic'
  | 'openapi'

export interface AllowedSource {
  source: AllowedSourceKind
  methods: string[]
  /** Where it came from, e.g. "OPTIONS 204" or "GET /openapi.json". */
  detail?: string
}

export interface Allowed {
  /** Best-supported list of methods the route implements; null = unknown. Never the CORS list. */
  methods: string[] | null
  sources: AllowedSource[]
  /** Why the sources disagree or why the list may be incomplete. */
  notes: Text[]
}

export interface Snippet {
  lang: 'curl' | 'fetch' | 'httpx'
  code: string
}

export interface Framework {
  id: string
  name: string
  role: 'app' | 'edge' | 'static'
  router: boolean
  /** Answers a wrong method with 404 instead of 405. */
  hides405?: boolean
  /**
   * Only a relay was recognised (its headers are on every response it passes on): whether it
   * or the application behind it answered is unknown.
   */
  passThrough?: boolean
  evidence: string[]
}

export interface Finding {
  /** Stable for the same endpoint, method, kind and outcome. */
  id: string
  kind: FindingKind
  severity: Severity
  request: { method: string; url: string }
  /** Final status of the chain (0 = no response). */
  status: number
  chain: Hop[]
  allowed: Allowed
  framework: Framework | null
  evidence: Evidence[]
  causes: Text[]
  fixes: Text[]
  /** Corrected calls with secrets as placeholders: what the panel shows and copies. */
  snippets: Snippet[]
  /**
   * The same calls with the request's own credentials, only when they differ. Never shown; used
   * only by an export the user asked to include secrets in.
   */
  snippetsWithSecrets?: Snippet[]
  /**
   * The corrected call as values, with the request's own headers (secrets included, never shown
   * as they are): what "Try the fix" sends from the page. Absent when no call would help.
   */
  call?: FixCall
  prevention: Text[]
  links: { rfc: string; mdn: string }
  /** Where the request was sent from, when the capture says (Chromium): see FindingInitiator. */
  initiator?: FindingInitiator
  /**
   * Request ids the failing answer carried (`x-request-id`, `traceparent`, `cf-ray`…), to find
   * the server's log line for it. Absent when it carried none.
   */
  correlation?: CorrelationId[]
  /** How many captured requests this finding groups. */
  count: number
  firstSeen: number
  lastSeen: number
}

/** A corrected call's method, final URL and the recorded request headers it repeats. */
export interface FixCall {
  method: string
  url: string
  /** The snippets' headers (canonical names), as the page sent them. */
  headers: [string, string][]
  /** The page's request carried cookies: the resend asks for them too (credentials: 'include'). */
  cookies: boolean
  /**
   * The origin of the page that sent the request (its Origin header, else its Referer's), when
   * it said: Try the fix carries the request's credentials only from that page.
   */
  from?: string
}

/**
 * Where a finding's request was sent from:
 * - `script`: the page's code; `url`/`line`/`column`/`function` are the first frame of the page's
 *   own code (1-based), `stack` the whole stack, async parents included;
 * - `parser`: the HTML document (and line) that loaded it;
 * - `navigation`: a form or link in the document at `url` (the request's Referer);
 * - `preflight`: the browser's CORS check for the request at `url`;
 * - `other`: the browser says no more.
 */
export interface FindingInitiator {
  type: InitiatorType | 'navigation'
  url: string
  line?: number
  column?: number
  function?: string
  stack?: StackSegment[]
}

/** A correlation header of the failing answer: its lower-cased name and value, clipped. */
export interface CorrelationId {
  header: string
  value: string
}

/** One request the discovery ladder sent (or refused to send), and what came back. */
export interface ProbeStep {
  method: 'OPTIONS' | 'HEAD' | 'GET'
  url: string
  outcome: 'answered' | 'timeout' | 'network-error' | 'refused' | 'no-permission' | 'skipped'
  status: number
  /** Selected response headers, lower-cased names. */
  headers: Record<string, string>
  location?: string
  durationMs: number
  /** Machine-readable reason for refused/skipped/network-error. */
  reason?: string
}

export interface ProbeResult {
  /** Endpoint key: `METHOD origin+path` the probe was for. */
  endpoint: string
  url: string
  at: number
  steps: ProbeStep[]
  /** The steps carried the user's cookies and HTTP auth (the user opted this origin in). */
  credentials?: true
}
