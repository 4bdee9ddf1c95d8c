/**
 * The panel's side of "Try the fix": asks the devtools page to prepare a finding's request, sends
 * the user's confirmation or cancel, and keeps each finding's try (its dialog, then its verdict)
 * for as long as the panel lives, so the mark stays when another row is opened and back.
 * It sends through the panel's link and hears the tab's channel on a listener of its own (the
 * link batches messages for the store; these answers concern one button). That listener ignores
 * everything else on the channel silently: the panel's own messages pass there too.
 */
import { useEffect, useState } from 'preact/hooks'
import type { TryAnswer } from '../core/try-fix/answer'
import type { TryView } from '../core/try-fix/request'
import type { TryVerdict } from '../core/try-fix/verdict'
import { type Adapter, broadcastAdapter } from '../shared/channel'
import {
  type DevtoolsToPanel,
  isDevtoolsToPanel,
  type PanelToDevtools,
  type TryRefusal,
  tabChannel,
} from '../shared/messages'
import { browserScheduler, type Scheduler } from './batcher'

/** One finding's try, as the button and its dialog show it. */
export type TryEntry =
  | { phase: 'idle' }
  | { phase: 'preparing'; request: number }
  | { phase: 'refused'; reason: TryRefusal | 'no-reply' }
  | { phase: 'confirm'; token: string; view: TryView }
  | { phase: 'sending'; token: string; view: TryView }
  | { phase: 'done'; view: TryView; verdict: TryVerdict; answer: TryAnswer | null }
  | { phase: 'cannot-run'; reason: string }
  | { phase: 'expired' }

const IDLE: TryEntry = { phase: 'idle' }
/** How long a question for the prepared request waits for the devtools page. */
export const PREPARE_TIMEOUT_MS = 5000

export class TryFixLink {
  private readonly tries = new Map<string, TryEntry>()
  private readonly watchers = new Set<() => void>()
  // Every panel of the tab hears every answer: questions are numbered from a random start.
  private asked = Math.floor(Math.random() * 2 ** 30)

  constructor(
    private readonly send: (m: PanelToDevtools) => void,
    private readonly heard: Adapter<DevtoolsToPanel, never>,
    private readonly scheduler: Scheduler = browserScheduler,
  ) {
    heard.listen((m) => this.onMessage(m))
  }

  get(findingId: string): TryEntry {
    return this.tries.get(findingId) ?? IDLE
  }

  subscribe(fn: () => void): () => void {
    this.watchers.add(fn)
    return () => this.watchers.delete(fn)
  }

  /** The button: asks for the request to show; nothing is sent. */
  prepare(findingId: string): void {
    const request = ++this.asked
    this.set(findingId, { phase: 'preparing', request })
    this.send({ type: 'panel/try-fix-prepare', request, findingId })
    this.scheduler.timeout(() => {
      const now = this.get(findingId)
      if (now.phase === 'preparing' && now.request === request)
        this.set(findingId, { phase: 'refused', reason: 'no-reply' })
    }, PREPARE_TIMEOUT_MS)
  }

  /** The dialog's Send: the one request goes, with the body typed ('' for none). */
  confirm(findingId: string, body: string): void {
    const now = this.get(findingId)
    if (now.phase !== 'confirm') return
    this.set(findingId, { phase: 'sending', token: now.token, view: now.view })
    this.send({ type: 'panel/try-fix-send', token: now.token, body })
  }

  /** The dialog's Cancel or Escape: the prepared request is dropped, nothing is sent. */
  cancel(findingId: string): void {
    const now = this.get(findingId)
    if (now.phase !== 'confirm') return
    this.send({ type: 'panel/try-fix-cancel', token: now.token })
    this.set(findingId, IDLE)
  }

  close(): void {
    this.heard.close()
    this.watchers.clear()
  }

  private set(findingId: string, entry: TryEntry): void {
    this.tries.set(findingId, entry)
    for (const w of this.watchers) w()
  }

  private onMessage(m: DevtoolsToPanel): void {
    if (m.type === 'devtools/try-fix-prepared' || m.type === 'devtools/try-fix-refused') {
      const now = this.get(m.findingId)
      // Only the answer to this panel's own question for that finding.
      if (now.phase !== 'preparing' || now.request !== m.request) return
      this.set(
        m.findingId,
        m.type === 'devtools/try-fix-prepared'
          ? { phase: 'confirm', token: m.token, view: m.view }
          : { phase: 'refused', reason: m.reason },
      )
      return
    }
    if (m.type !== 'devtools/try-fix-state') return
    // A state names the token this panel sent; another panel's try is not ours to show.
    const found = [...this.tries].find(([, e]) => e.phase === 'sending' && e.token === m.token)
    if (!found) return
    const [findingId, entry] = found
    if (entry.phase !== 'sending') return
    const s = m.state
    if (s.phase === 'sending') return
    this.set(
      findingId,
      s.phase === 'done'
        ? { phase: 'done', view: entry.view, verdict: s.verdict, answer: s.answer }
        : s.phase === 'cannot-run'
          ? { phase: 'cannot-run', reason: s.reason }
          : { phase: 'expired' },
    )
  }
}

const links = new Map<number, TryFixLink>()

/** The link for a tab, made on first use and kept for the panel's life. */
export function tryFixLinkFor(tabId: number, send: (m: PanelToDevtools) => void): TryFixLink {
  let link = links.get(tabId)
  if (!link) {
    link = new TryFixLink(
      send,
      broadcastAdapter<DevtoolsToPanel, never>(tabChannel(tabId), isDevtoolsToPanel),
    )
    links.set(tabId, link)
  }
  return link
}

/** One finding's try, re-rendered as it moves on. */
export function useTry(link: TryFixLink | null, findingId: string): TryEntry {
  const [, bump] = useState(0)
  useEffect(() => (link ? link.subscribe(() => bump((n) => n + 1)) : undefined), [link])
  return link ? link.get(findingId) : IDLE
}
