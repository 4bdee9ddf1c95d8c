/**
 * Every message between the extension's contexts, in one place, with the guards that check
 * them on receipt. Contexts:
 *   devtools page  <-BroadcastChannel "method-doctor/tab/<tabId>"->  panel
 *   devtools page  <-runtime Port "method-doctor/devtools"->          background worker
 * Nothing else talks to us: BroadcastChannel is limited to our own origin, and the worker
 * only accepts ports from this extension's own pages.
 */
import type { ApiDescription } from '../core/openapi'
import type { ProbeMode } from '../core/probe/ladder'
import type { Finding, ProbeResult } from '../core/types'

export const PORT_NAME = 'method-doctor/devtools'
export const tabChannel = (tabId: number): string => `method-doctor/tab/${tabId}`
/** Devtools pages announce themselves here, so a panel opened in a tab can attach (?tab=auto). */
export const DISCOVERY_CHANNEL = 'method-doctor/discovery'

export interface CaptureStats {
  /** Entries the devtools page received (events + backfill, after dedupe). */
  entries: number
  /** Findings currently listed. */
  findings: number
}

export type ProbeState = 'pending' | 'done' | 'no-permission' | 'refused' | 'error'

export interface ProbeStatus {
  endpoint: string
  origin: string
  /** The inspected site the worker judged this probe against ('' while unknown): see origin-pairs.ts. */
  site?: string
  state: ProbeState
  result?: ProbeResult
  reason?: string
}

export interface ApiDescriptionStatus {
  origin: string
  state: 'loading' | 'loaded' | 'not-found' | 'error'
  /** Where the document came from (URL or file name). */
  source?: string
  paths?: number
  title?: string
  /** Machine-readable reason: too-large, not-parsable, not-openapi, no-paths, no-permission, http-404, timeout… */
  reason?: string
  /** Every location tried, with what it answered. */
  tried?: { url: string; status: number }[]
}

export interface CaptureSettings {
  preserveLog: boolean
  probeMode: ProbeMode
  probing: boolean
}

// Panel -> devtools page
export type PanelToDevtools =
  | { type: 'panel/hello' }
  | { type: 'panel/clear' }
  | { type: 'panel/settings'; settings: Partial<CaptureSettings> }
  | { type: 'panel/probe-again'; endpoint: string }
  | { type: 'panel/permissions-changed' }
  /** Fetch the origin's OpenAPI document from the usual locations, or from `url` when the user gave one. */
  | { type: 'panel/read-api-description'; origin: string; url?: string }
  /** A description the user picked from a file. */
  | { type: 'panel/api-description-text'; origin: string; name: string; text: string }

// Devtools page -> panel
export type DevtoolsToPanel =
  | {
      type: 'devtools/snapshot'
      findings: Finding[]
      probes: ProbeStatus[]
      stats: CaptureStats
      settings: CaptureSettings
      inspectedUrl: string
    }
  | { type: 'devtools/changes'; upserts: Finding[]; removed: string[]; stats: CaptureStats }
  | { type: 'devtools/probe'; status: ProbeStatus }
  | { type: 'devtools/cleared'; stats: CaptureStats }
  | { type: 'devtools/api-description'; status: ApiDescriptionStatus }

export type Discovery = { type: 'discover' } | { type: 'announce'; tabId: number; url: string }

export interface LadderRequestMessage {
  endpoint: string
  url: string
  method: string
  suspect: boolean
  knownToExist: boolean
}

export type ProbeRefusal = 'not-observed' | 'not-http' | 'no-permission' | 'not-approved' | 'invalid'

// Devtools page -> worker
export type DevtoolsToWorker =
  /**
   * URLs the page requested while `site` was inspected ('' when no http(s) site was known): the
   * worker probes a URL without a click only when its origin is a site it was requested under.
   */
  | { type: 'worker/observed'; tabId: number; site: string; urls: string[] }
  /** The inspected page's top-level URL (onNavigated, or the start-up location.href). */
  | { type: 'worker/inspected'; tabId: number; url: string }
  | {
      type: 'worker/probe'
      id: number
      tabId: number
      request: LadderRequestMessage
      mode: ProbeMode
      fresh: boolean
    }
  | { type: 'worker/read-description'; id: number; tabId: number; origin: string; url?: string }

// Worker -> devtools page
export type WorkerToDevtools =
  | { type: 'worker/probe-result'; id: number; site: string; result: ProbeResult }
  | {
      type: 'worker/probe-refused'
      id: number
      /** The site the worker judged against (one the URL was requested under), '' when it knows none. */
      site: string
      /** not-approved: another origin than the site the page requested the URL under, and no click for this pair. */
      reason: ProbeRefusal
    }
  | {
      type: 'worker/description'
      id: number
      source: string
      text: string
      tried: { url: string; status: number }[]
    }
  | {
      type: 'worker/description-failed'
      id: number
      reason: string
      tried: { url: string; status: number }[]
    }

// ---------- guards ----------

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
const isMode = (v: unknown): v is ProbeMode => v === 'options' || v === 'full'

export function isPanelToDevtools(m: unknown): m is PanelToDevtools {
  if (!isObj(m)) return false
  switch (m.type) {
    case 'panel/hello':
    case 'panel/clear':
    case 'panel/permissions-changed':
      return true
    case 'panel/probe-again':
      return isStr(m.endpoint)
    case 'panel/read-api-description':
      return isStr(m.origin, 2048) && (m.url === undefined || isStr(m.url))
    case 'panel/api-description-text':
      return isStr(m.origin, 2048) && isStr(m.name, 512) && isStr(m.text, 5 * 1024 * 1024)
    case 'panel/settings': {
      const s = m.settings
      if (!isObj(s)) return false
      return (
        (s.preserveLog === undefined || isBool(s.preserveLog)) &&
        (s.probing === undefined || isBool(s.probing)) &&
        (s.probeMode === undefined || isMode(s.probeMode))
      )
    }
    default:
      return false
  }
}

const isStats = (v: unknown): v is CaptureStats => isObj(v) && isInt(v.entries) && isInt(v.findings)
const isFindingLike = (v: unknown): boolean =>
  isObj(v) && isStr(v.id, 64) && isStr(v.kind, 64) && isObj(v.request) && Array.isArray(v.chain)
const isProbeStatus = (v: unknown): v is ProbeStatus =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.origin) &&
  (v.site === undefined || isStr(v.site, 2048)) &&
  ['pending', 'done', 'no-permission', 'refused', 'error'].includes(v.state as string)

export function isDevtoolsToPanel(m: unknown): m is DevtoolsToPanel {
  if (!isObj(m)) return false
  switch (m.type) {
    case 'devtools/snapshot':
      return (
        Array.isArray(m.findings) &&
        m.findings.every(isFindingLike) &&
        Array.isArray(m.probes) &&
        m.probes.every((p) => isProbeStatus(p) && (p.result === undefined || isProbeResult(p.result))) &&
        isStats(m.stats) &&
        isObj(m.settings) &&
        isStr(m.inspectedUrl)
      )
    case 'devtools/changes':
      return (
        Array.isArray(m.upserts) &&
        m.upserts.every(isFindingLike) &&
        Array.isArray(m.removed) &&
        m.removed.every((x) => isStr(x, 64)) &&
        isStats(m.stats)
      )
    case 'devtools/probe':
      return isProbeStatus(m.status) && (m.status.result === undefined || isProbeResult(m.status.result))
    case 'devtools/cleared':
      return isStats(m.stats)
    case 'devtools/api-description':
      return (
        isObj(m.status) &&
        isStr(m.status.origin) &&
        ['loading', 'loaded', 'not-found', 'error'].includes(m.status.state as string)
      )
    default:
      return false
  }
}

export function isDiscovery(m: unknown): m is Discovery {
  return isObj(m) && (m.type === 'discover' || (m.type === 'announce' && isInt(m.tabId) && isStr(m.url)))
}

const isLadderRequest = (v: unknown): v is LadderRequestMessage =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.url) &&
  isStr(v.method, 32) &&
  isBool(v.suspect) &&
  isBool(v.knownToExist)

export function isDevtoolsToWorker(m: unknown): m is DevtoolsToWorker {
  if (!isObj(m)) return false
  switch (m.type) {
    case 'worker/observed':
      return (
        isInt(m.tabId) &&
        isStr(m.site, 2048) &&
        Array.isArray(m.urls) &&
        m.urls.length <= 1000 &&
        m.urls.every((u) => isStr(u))
      )
    case 'worker/inspected':
      return isInt(m.tabId) && isStr(m.url)
    case 'worker/probe':
      return isInt(m.id) && isInt(m.tabId) && isLadderRequest(m.request) && isMode(m.mode) && isBool(m.fresh)
    case 'worker/read-description':
      return isInt(m.id) && isInt(m.tabId) && isStr(m.origin, 2048) && (m.url === undefined || isStr(m.url))
    default:
      return false
  }
}

const STEP_METHODS = ['OPTIONS', 'HEAD', 'GET']
const OUTCOMES = ['answered', 'timeout', 'network-error', 'refused', 'no-permission', 'skipped']
const isStep = (v: unknown): boolean =>
  isObj(v) &&
  STEP_METHODS.includes(v.method as string) &&
  isStr(v.url) &&
  OUTCOMES.includes(v.outcome as string) &&
  typeof v.status === 'number' &&
  typeof v.durationMs === 'number' &&
  isObj(v.headers) &&
  Object.values(v.headers).every((h) => isStr(h, 2048)) &&
  (v.location === undefined || isStr(v.location)) &&
  (v.reason === undefined || isStr(v.reason, 256))
export const isProbeResult = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.url) &&
  typeof v.at === 'number' &&
  Array.isArray(v.steps) &&
  v.steps.length <= 3 &&
  v.steps.every(isStep) &&
  (v.credentials === undefined || v.credentials === true)

export function isWorkerToDevtools(m: unknown): m is WorkerToDevtools {
  if (!isObj(m)) return false
  if (m.type === 'worker/probe-result') return isInt(m.id) && isStr(m.site, 2048) && isProbeResult(m.result)
  if (m.type === 'worker/probe-refused') return isInt(m.id) && isStr(m.site, 2048) && isStr(m.reason, 32)
  const isTried = (t: unknown) =>
    Array.isArray(t) && t.every((x) => isObj(x) && isStr(x.url) && typeof x.status === 'number')
  if (m.type === 'worker/description')
    return isInt(m.id) && isStr(m.source) && isStr(m.text, 5 * 1024 * 1024) && isTried(m.tried)
  if (m.type === 'worker/description-failed') return isInt(m.id) && isStr(m.reason, 64) && isTried(m.tried)
  return false
}

// Devtools page <-> its description parser, a dedicated Web Worker (src/devtools/parse-worker.ts)
// that parses API descriptions off the page's thread.
export type DescriptionParseRequest = { type: 'parse/text'; text: string }
export type DescriptionParseReply =
  | { type: 'parse/done'; desc: ApiDescription }
  | { type: 'parse/failed'; reason: string }

export const isDescriptionParseRequest = (m: unknown): m is DescriptionParseRequest =>
  isObj(m) && m.type === 'parse/text' && isStr(m.text, 5 * 1024 * 1024)

const isStrList = (v: unknown, max: number, len = 8192): boolean =>
  Array.isArray(v) && v.length <= max && v.every((x) => isStr(x, len))
const isPathEntry = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.template, 5 * 1024 * 1024) &&
  Array.isArray(v.parts) &&
  v.parts.every((p) => isStrList(p, Number.MAX_SAFE_INTEGER, 5 * 1024 * 1024)) &&
  isStrList(v.methods, 8, 16) &&
  isInt(v.literals)
const isApiDescription = (v: unknown): v is ApiDescription =>
  isObj(v) &&
  (v.format === 'openapi3' || v.format === 'swagger2') &&
  isStr(v.title, 200) &&
  isStrList(v.basePaths, 22) &&
  isStrList(v.origins, 20) &&
  Array.isArray(v.paths) &&
  v.paths.length <= 5000 &&
  v.paths.every(isPathEntry)

export function isDescriptionParseReply(m: unknown): m is DescriptionParseReply {
  if (!isObj(m)) return false
  if (m.type === 'parse/done') return isApiDescription(m.desc)
  if (m.type === 'parse/failed') return isStr(m.reason, 64)
  return false
}

/** Why a message was dropped, for the console: never the message itself (it may be hostile). */
/** Every message type some context accepts: a drop of one of these means bad fields, not a stranger. */
const KNOWN_TYPES = new Set([
  'panel/hello',
  'panel/clear',
  'panel/settings',
  'panel/probe-again',
  'panel/permissions-changed',
  'panel/read-api-description',
  'panel/api-description-text',
  'devtools/snapshot',
  'devtools/changes',
  'devtools/cleared',
  'devtools/probe',
  'devtools/api-description',
  'worker/observed',
  'worker/inspected',
  'worker/probe',
  'worker/read-description',
  'worker/probe-result',
  'worker/probe-refused',
  'worker/description',
  'worker/description-failed',
  'parse/text',
  'parse/done',
  'parse/failed',
  'discover',
  'announce',
])

/** Why a message was dropped, for the console: never the message itself (it may be hostile or large). */
export function describeDrop(m: unknown): string {
  if (!isObj(m)) return `non-object message (${m === null ? 'null' : typeof m})`
  const type = typeof m.type === 'string' ? m.type : undefined
  if (type === undefined)
    return `message without a type (keys: ${Object.keys(m).slice(0, 6).join(', ').slice(0, 80)})`
  const shown = JSON.stringify(type.slice(0, 40))
  return KNOWN_TYPES.has(type)
    ? `malformed ${shown} message (a field is missing or of the wrong type)`
    : `unknown message type ${shown}`
}
