/**
 * The message contract, once: every message type with the context that sends it, the one that
 * receives it, the channel between them and the check of its fields on receipt. The message
 * types are derived from this table (`Message`, `MessageOn`), so a type cannot exist without its
 * check, and the types a guard knows are its keys.
 *
 * Adding a message: one entry here, `fields<{ …its fields… }>((m) => …their checks…)`, and a row
 * in the Messages table of docs/architecture.md (test/shared/messages-doc.test.ts fails without).
 */
import type { ApiDescription } from '../../core/openapi'
import type { ProbeMode } from '../../core/probe/ladder'
import type { TryView } from '../../core/try-fix/request'
import type { Finding, ProbeResult } from '../../core/types'
import { type CaptureSettings, type CaptureStats, isSettingsPatch, isStats } from './capture'
import { isBool, isInt, isMode, isObj, isStr, isStrList, type Obj } from './checks'
import {
  type ApiDescriptionStatus,
  isApiDescription,
  isDescriptionStatus,
  isTried,
  MAX_DESCRIPTION_TEXT,
  type Tried,
} from './description'
import { type FindingSummary, isFindingLike } from './finding'
import {
  isLadderRequest,
  isProbeResult,
  isProbeStatus,
  type LadderRequestMessage,
  type ProbeRefusal,
  type ProbeStatus,
} from './probe'
import { isToken, isTryBody, isTryState, isTryView, type TryRefusal, type TryState } from './try-fix'

/** The contexts that exchange messages; `devtools` is the devtools page, `parser` its description parser. */
export type Context = 'panel' | 'devtools' | 'worker' | 'parser'

/**
 * `tab`: BroadcastChannel `method-doctor/tab/<tabId>`; `discovery`: BroadcastChannel
 * `method-doctor/discovery`; `port`: the runtime Port `method-doctor/devtools`; `parser`:
 * postMessage to and from the dedicated Web Worker that parses API descriptions.
 */
export type Channel = 'tab' | 'discovery' | 'port' | 'parser'

export interface Route {
  via: Channel
  from: Context
  to: Context
}

/** Checks a received message's fields (its `type` already matched); `F` is the fields it admits. */
export interface FieldCheck<F> {
  (m: Obj): boolean
  /** Only carries `F` to the derived message types; never set. */
  readonly admits?: F
}

/** One row of the table: a message type's route and the check of its fields. */
export interface MessageSpec extends Route {
  check: FieldCheck<object>
}

/** A message's fields and the check that admits them, declared side by side. */
const fields = <F extends object>(check: (m: Obj) => boolean): FieldCheck<F> => check
const none = fields<Record<never, never>>(() => true)

const route = <V extends Channel, F extends Context, T extends Context>(via: V, from: F, to: T) =>
  ({ via, from, to }) as const
const PANEL_TO_DEVTOOLS = route('tab', 'panel', 'devtools')
const DEVTOOLS_TO_PANEL = route('tab', 'devtools', 'panel')
const DEVTOOLS_TO_WORKER = route('port', 'devtools', 'worker')
const WORKER_TO_DEVTOOLS = route('port', 'worker', 'devtools')
const DEVTOOLS_TO_PARSER = route('parser', 'devtools', 'parser')
const PARSER_TO_DEVTOOLS = route('parser', 'parser', 'devtools')

/** A row's findings: one per kind the request showed; far fewer kinds exist. */
const MAX_ROW_FINDINGS = 64

const isOptionalUrl = (v: unknown): boolean => v === undefined || isStr(v)

export const MESSAGES = {
  'panel/hello': { ...PANEL_TO_DEVTOOLS, check: none },
  'panel/clear': { ...PANEL_TO_DEVTOOLS, check: none },
  'panel/settings': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ settings: Partial<CaptureSettings> }>((m) => isSettingsPatch(m.settings)),
  },
  'panel/probe-again': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ endpoint: string }>((m) => isStr(m.endpoint)),
  },
  'panel/permissions-changed': { ...PANEL_TO_DEVTOOLS, check: none },
  /** Fetch the origin's OpenAPI document from the usual locations, or from `url` when the user gave one. */
  'panel/read-api-description': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ origin: string; url?: string }>((m) => isStr(m.origin, 2048) && isOptionalUrl(m.url)),
  },
  /** A description the user picked from a file. */
  'panel/api-description-text': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ origin: string; name: string; text: string }>(
      (m) => isStr(m.origin, 2048) && isStr(m.name, 512) && isStr(m.text, MAX_DESCRIPTION_TEXT),
    ),
  },
  /**
   * The whole findings behind summaries: those of the row being opened (`ids`), or every finding
   * for an export (no `ids`). `request` numbers the question; the answer carries it back.
   */
  'panel/findings': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ request: number; ids?: string[] }>(
      (m) => isInt(m.request) && (m.ids === undefined || isStrList(m.ids, MAX_ROW_FINDINGS, 64)),
    ),
  },
  /** "Try the fix": build the request for this finding's corrected call and show it (nothing is sent). */
  'panel/try-fix-prepare': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ request: number; findingId: string }>((m) => isInt(m.request) && isStr(m.findingId, 64)),
  },
  /** The user confirmed the dialog: send the prepared request once, with the body they gave ('' for none). */
  'panel/try-fix-send': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ token: string; body: string }>((m) => isToken(m.token) && isTryBody(m.body)),
  },
  /** The user cancelled the dialog: forget the prepared request. */
  'panel/try-fix-cancel': {
    ...PANEL_TO_DEVTOOLS,
    check: fields<{ token: string }>((m) => isToken(m.token)),
  },

  'devtools/snapshot': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{
      findings: FindingSummary[]
      probes: ProbeStatus[]
      stats: CaptureStats
      settings: CaptureSettings
      inspectedUrl: string
    }>(
      (m) =>
        Array.isArray(m.findings) &&
        m.findings.every(isFindingLike) &&
        Array.isArray(m.probes) &&
        m.probes.every(isProbeStatus) &&
        isStats(m.stats) &&
        isObj(m.settings) &&
        isStr(m.inspectedUrl),
    ),
  },
  'devtools/changes': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ upserts: FindingSummary[]; removed: string[]; stats: CaptureStats }>(
      (m) =>
        Array.isArray(m.upserts) &&
        m.upserts.every(isFindingLike) &&
        isStrList(m.removed, Number.POSITIVE_INFINITY, 64) &&
        isStats(m.stats),
    ),
  },
  /** The answer to `panel/findings`: the findings the devtools page has of those asked for. */
  'devtools/findings': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ request: number; findings: Finding[] }>(
      (m) => isInt(m.request) && Array.isArray(m.findings) && m.findings.every(isFindingLike),
    ),
  },
  'devtools/probe': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ status: ProbeStatus }>((m) => isProbeStatus(m.status)),
  },
  'devtools/cleared': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ stats: CaptureStats }>((m) => isStats(m.stats)),
  },
  'devtools/api-description': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ status: ApiDescriptionStatus }>((m) => isDescriptionStatus(m.status)),
  },
  /** The request prepared for `panel/try-fix-prepare` (its number), masked; `token` names it for send or cancel. */
  'devtools/try-fix-prepared': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ request: number; findingId: string; token: string; view: TryView }>(
      (m) => isInt(m.request) && isStr(m.findingId, 64) && isToken(m.token) && isTryView(m.view),
    ),
  },
  'devtools/try-fix-refused': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ request: number; findingId: string; reason: TryRefusal }>(
      (m) =>
        isInt(m.request) && isStr(m.findingId, 64) && (m.reason === 'no-call' || m.reason === 'not-found'),
    ),
  },
  /** Where a confirmed try is: sending, done with its verdict, or not runnable in this page. */
  'devtools/try-fix-state': {
    ...DEVTOOLS_TO_PANEL,
    check: fields<{ token: string; findingId: string; state: TryState }>(
      (m) => isToken(m.token) && isStr(m.findingId, 64) && isTryState(m.state),
    ),
  },

  /** A panel opened as a tab (`?tab=auto`) asks the open devtools pages to announce themselves. */
  'panel/discover': { ...route('discovery', 'panel', 'devtools'), check: none },
  'devtools/announce': {
    ...route('discovery', 'devtools', 'panel'),
    check: fields<{ tabId: number; url: string }>((m) => isInt(m.tabId) && isStr(m.url)),
  },

  /**
   * URLs the page requested while `site` was inspected ('' when no http(s) site was known): the
   * worker probes a URL without a click only when its origin is a site it was requested under.
   */
  'devtools/observed-urls': {
    ...DEVTOOLS_TO_WORKER,
    check: fields<{ tabId: number; site: string; urls: string[] }>(
      (m) => isInt(m.tabId) && isStr(m.site, 2048) && isStrList(m.urls, 1000),
    ),
  },
  /** The inspected page's top-level URL (onNavigated, or the start-up location.href). */
  'devtools/inspected-url': {
    ...DEVTOOLS_TO_WORKER,
    check: fields<{ tabId: number; url: string }>((m) => isInt(m.tabId) && isStr(m.url)),
  },
  'devtools/probe-request': {
    ...DEVTOOLS_TO_WORKER,
    check: fields<{
      id: number
      tabId: number
      request: LadderRequestMessage
      mode: ProbeMode
      fresh: boolean
    }>(
      (m) => isInt(m.id) && isInt(m.tabId) && isLadderRequest(m.request) && isMode(m.mode) && isBool(m.fresh),
    ),
  },
  'devtools/read-description': {
    ...DEVTOOLS_TO_WORKER,
    check: fields<{ id: number; tabId: number; origin: string; url?: string }>(
      (m) => isInt(m.id) && isInt(m.tabId) && isStr(m.origin, 2048) && isOptionalUrl(m.url),
    ),
  },

  'worker/probe-result': {
    ...WORKER_TO_DEVTOOLS,
    check: fields<{ id: number; site: string; result: ProbeResult }>(
      (m) => isInt(m.id) && isStr(m.site, 2048) && isProbeResult(m.result),
    ),
  },
  'worker/probe-refused': {
    ...WORKER_TO_DEVTOOLS,
    check: fields<{
      id: number
      /** The site the worker judged against (one the URL was requested under), '' when it knows none. */
      site: string
      /** not-approved: another origin than the site the page requested the URL under, and no click for this pair. */
      reason: ProbeRefusal
    }>((m) => isInt(m.id) && isStr(m.site, 2048) && isStr(m.reason, 32)),
  },
  'worker/description': {
    ...WORKER_TO_DEVTOOLS,
    check: fields<{ id: number; source: string; text: string; tried: Tried }>(
      (m) => isInt(m.id) && isStr(m.source) && isStr(m.text, MAX_DESCRIPTION_TEXT) && isTried(m.tried),
    ),
  },
  'worker/description-failed': {
    ...WORKER_TO_DEVTOOLS,
    check: fields<{ id: number; reason: string; tried: Tried }>(
      (m) => isInt(m.id) && isStr(m.reason, 64) && isTried(m.tried),
    ),
  },

  'devtools/parse-description': {
    ...DEVTOOLS_TO_PARSER,
    check: fields<{ text: string }>((m) => isStr(m.text, MAX_DESCRIPTION_TEXT)),
  },
  'parser/parsed': {
    ...PARSER_TO_DEVTOOLS,
    check: fields<{ desc: ApiDescription }>((m) => isApiDescription(m.desc)),
  },
  'parser/failed': { ...PARSER_TO_DEVTOOLS, check: fields<{ reason: string }>((m) => isStr(m.reason, 64)) },
} satisfies Record<string, MessageSpec>

type Table = typeof MESSAGES
export type MessageType = keyof Table

type FieldsOf<K extends MessageType> = Table[K]['check'] extends FieldCheck<infer F> ? F : never
type Flat<T> = { [P in keyof T]: T[P] }

/** The message of type `K` as it is posted (for a union of types, the union of their messages). */
export type Message<K extends MessageType = MessageType> = K extends MessageType
  ? Flat<{ type: K } & FieldsOf<K>>
  : never

/** Every message `from` posts for `to` on channel `via`. */
export type MessageOn<V extends Channel, F extends Context = Context, T extends Context = Context> = Message<
  { [K in MessageType]: Table[K] extends { via: V; from: F; to: T } ? K : never }[MessageType]
>

/** A type some context accepts: a drop of one of these means bad fields, not a stranger. */
export const isMessageType = (type: string): type is MessageType => Object.hasOwn(MESSAGES, type)

/**
 * The guard for what `from` posts for `to` on `via` (either end left out: any): an object whose
 * `type` is one of those messages' and whose fields pass that type's check.
 */
export function accepts<V extends Channel, F extends Context = Context, T extends Context = Context>(
  via: V,
  from?: F,
  to?: T,
): (m: unknown) => m is MessageOn<V, F, T> {
  return (m: unknown): m is MessageOn<V, F, T> => {
    if (!isObj(m) || typeof m.type !== 'string' || !isMessageType(m.type)) return false
    const spec: MessageSpec = MESSAGES[m.type]
    return (
      spec.via === via &&
      (from === undefined || spec.from === from) &&
      (to === undefined || spec.to === to) &&
      spec.check(m)
    )
  }
}
