/**
 * "Try the fix" in the devtools page: builds the request for a finding's corrected call, holds it
 * until the panel's dialog is confirmed (a single-use random token), then sends it once from the
 * inspected page with the constant function of core/try-fix/page-call.ts and JSON arguments.
 *
 * The verdict comes from the network log: the first `onRequestFinished` entry with the request's
 * method and URL after it was sent is its answer (`seen`). Meanwhile a second constant function
 * reads the page's note of its fetch (the result slot) every POLL_MS; that note is the page's to
 * forge and can only lower the verdict (verdict.ts). The new answer also reaches the engine like
 * any captured request, so a new way of failing is a new finding. Nothing here runs unasked, and
 * nothing here is a probe.
 */
import { answeredByServiceWorker } from '../core/har'
import { answerOf } from '../core/try-fix/answer'
import { type PageSlot, readExpression, sendExpression, slotKey, slotOf } from '../core/try-fix/page-call'
import { allowsBody, type TryRequest, tryRequestOf, viewOf, withBody } from '../core/try-fix/request'
import { verdictOf } from '../core/try-fix/verdict'
import type { Finding } from '../core/types'
import type { Adapter } from '../shared/channel'
import type { DevtoolsToPanel, PanelToDevtools, TryState } from '../shared/messages'

/** What `inspectedWindow.eval` gave: its value, or why it could not run the code. */
export type EvalOutcome = { ok: true; value: unknown } | { ok: false; reason: string }

export interface TryFixDeps {
  panel: Adapter<PanelToDevtools, DevtoolsToPanel>
  /** The whole finding with this id, if the capture still has it. */
  finding(id: string): Finding | undefined
  evaluate(expression: string): Promise<EvalOutcome>
  /** The response body of a network-log request (bounded); '' when it cannot be read. */
  content(request: unknown): Promise<string>
  /**
   * The body of the page's latest request with this method and URL in DevTools' log, null when
   * none is there (the engine keeps no bodies); asked once per dialog, on the user's click.
   */
  requestBody(method: string, url: string): Promise<string | null>
  later(fn: () => void, ms: number): void
  now(): number
  /** A fresh random id (letters and digits). */
  random(): string
  /** The inspected page's URL now ('' before it is known). */
  pageUrl(): string
}

export const POLL_MS = 250
/** No answer in the network log this long after sending: unknown. */
export const TIMEOUT_MS = 15_000
/** Once the log has the answer: how long the page's own note may take to settle. */
const SETTLE_MS = 1500
/** Once the page's fetch settled: how long the log may take to report it. */
const LOG_GRACE_MS = 3000
/** A dialog left open this long is not confirmed any more. */
const PREPARED_TTL_MS = 10 * 60_000
const MAX_PREPARED = 8
/** A log entry may start a little before our clock said we sent it (clocks and rounding). */
const START_SLACK_MS = 50

interface Prepared {
  findingId: string
  request: TryRequest
  at: number
  /** The page the dialog named: a navigation before Send voids the confirmation. */
  pageUrl: string
}

interface Watch {
  token: string
  findingId: string
  method: string
  url: string
  slot: string
  sentAt: number
  entry?: { entry: unknown; request: unknown; at: number }
  page: PageSlot | null
  settledAt?: number
}

/** The URL as the network log records it: normalised, without a fragment. */
function wireUrl(raw: string): string | null {
  try {
    const u = new URL(raw)
    u.hash = ''
    return u.href
  } catch {
    return null
  }
}

export class TryFix {
  private readonly prepared = new Map<string, Prepared>()
  private readonly watches = new Set<Watch>()

  constructor(private readonly deps: TryFixDeps) {
    deps.panel.listen((m) => this.onPanel(m))
  }

  /** Tries in flight (for tests and the debug hook). */
  get inFlight(): number {
    return this.watches.size
  }

  /** Every network-log entry (`onRequestFinished`): the first matching a try in flight is its answer. */
  seen(entry: unknown, request: unknown = entry): void {
    if (this.watches.size === 0) return
    const r = (entry as { request?: { method?: unknown; url?: unknown }; startedDateTime?: unknown } | null)
      ?.request
    if (typeof r?.method !== 'string' || typeof r.url !== 'string') return
    // The page's service worker can answer in the server's place (a 200 from respondWith): that is
    // never the server's verdict. If it passed the request on, its own fetch is the answer.
    if (answeredByServiceWorker(entry)) return
    const url = wireUrl(r.url)
    const started = Date.parse(String((entry as { startedDateTime?: unknown }).startedDateTime))
    for (const w of this.watches) {
      if (w.entry || w.method !== r.method || w.url !== url) continue
      if (Number.isFinite(started) && started < w.sentAt - START_SLACK_MS) continue
      w.entry = { entry, request, at: this.deps.now() }
      return
    }
  }

  private onPanel(m: PanelToDevtools): void {
    if (m.type === 'panel/try-fix-prepare') void this.prepare(m.request, m.findingId)
    else if (m.type === 'panel/try-fix-cancel') this.prepared.delete(m.token)
    else if (m.type === 'panel/try-fix-send') void this.send(m.token, m.body)
  }

  private async prepare(request: number, findingId: string): Promise<void> {
    const f = this.deps.finding(findingId)
    const pageUrl = this.deps.pageUrl()
    const built = f ? tryRequestOf(f, pageUrl) : null
    if (!f || !built) {
      const reason = f ? 'no-call' : 'not-found'
      this.deps.panel.send({ type: 'devtools/try-fix-refused', request, findingId, reason })
      return
    }
    // The page's own body, for the dialog to start with (the engine keeps none).
    const captured =
      allowsBody(built.request.method) && built.otherPage === null
        ? await this.deps.requestBody(f.request.method, f.request.url).catch(() => null)
        : null
    const now = this.deps.now()
    for (const [t, p] of this.prepared) if (now - p.at > PREPARED_TTL_MS) this.prepared.delete(t)
    while (this.prepared.size >= MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value!)
    const token = this.deps.random()
    this.prepared.set(token, { findingId, request: built.request, at: now, pageUrl })
    const view = viewOf(built.request, built.leftOut, captured, built.otherPage)
    this.deps.panel.send({ type: 'devtools/try-fix-prepared', request, findingId, token, view })
  }

  private state(w: Pick<Watch, 'token' | 'findingId'>, state: TryState): void {
    this.deps.panel.send({ type: 'devtools/try-fix-state', token: w.token, findingId: w.findingId, state })
  }

  private async send(token: string, body: string): Promise<void> {
    const p = this.prepared.get(token)
    // Single use: one confirmation, one request.
    this.prepared.delete(token)
    // Confirmed for one page: if the tab has navigated since, the user never saw this one.
    if (!p || this.deps.now() - p.at > PREPARED_TTL_MS || this.deps.pageUrl() !== p.pageUrl) {
      this.state({ token, findingId: p?.findingId ?? '' }, { phase: 'expired' })
      return
    }
    const request = withBody(p.request, body)
    const url = wireUrl(request.url)
    // tryRequestOf only builds http(s) calls; a panel waiting on "sending" must still hear back.
    if (url === null) {
      this.state({ token, findingId: p.findingId }, { phase: 'expired' })
      return
    }
    const w: Watch = {
      token,
      findingId: p.findingId,
      method: request.method,
      url,
      slot: slotKey(this.deps.random()),
      sentAt: this.deps.now(),
      page: null,
    }
    // Watched before it is sent: its entry may arrive before eval answers.
    this.watches.add(w)
    this.state(w, { phase: 'sending' })
    const sent = await this.deps.evaluate(sendExpression({ ...request, slot: w.slot }))
    if (!sent.ok) {
      this.watches.delete(w)
      this.state(w, { phase: 'cannot-run', reason: sent.reason.slice(0, 256) })
      return
    }
    this.deps.later(() => void this.tick(w), POLL_MS)
  }

  private async tick(w: Watch): Promise<void> {
    const read = await this.deps.evaluate(readExpression(w.slot))
    const now = this.deps.now()
    const slot = read.ok ? slotOf(read.value) : null
    if (slot) {
      w.page = slot
      if (slot.state !== 'pending') w.settledAt ??= now
    }
    const done = w.entry
      ? w.settledAt !== undefined || now - w.entry.at >= SETTLE_MS
      : (w.settledAt !== undefined && now - w.settledAt >= LOG_GRACE_MS) || now - w.sentAt >= TIMEOUT_MS
    if (done) await this.finish(w)
    else this.deps.later(() => void this.tick(w), POLL_MS)
  }

  private async finish(w: Watch): Promise<void> {
    this.watches.delete(w)
    const seen = w.entry
    const answer = seen ? answerOf(seen.entry, await this.deps.content(seen.request)) : null
    this.state(w, {
      phase: 'done',
      verdict: verdictOf(w.method, answer ? answer.status : null, w.page),
      answer,
    })
  }
}
