import { ApiDescriptions } from '../core/api-descriptions'
import type { Engine } from '../core/engine'
import { ApiDescriptionError } from '../core/openapi'
import { originOf } from '../core/url'
import type { ApiDescriptionStatus, WorkerToDevtools } from '../shared/messages'
import type { CaptureDeps } from './capture-deps'
import { type IdSource, PendingRequests } from './pending-requests'
import type { SiteReport } from './site-report'

export type DescriptionAnswer = Extract<
  WorkerToDevtools,
  { type: 'worker/description' | 'worker/description-failed' }
>

export interface DescriptionRequestsOptions {
  engine: Engine
  sites: SiteReport
  /** A loaded description changed findings: publish them. */
  publish(): void
  ids: IdSource
}

interface Read {
  origin: string
  url?: string
}

/**
 * The API-description lifecycle: the panel asks for an origin's description (or hands in a
 * file), the worker fetches it, it is parsed off this thread, and the engine re-checks that
 * origin's findings against it. Each origin's state is shown in the panel; a Clear keeps them.
 */
export class DescriptionRequests {
  private readonly descriptions = new ApiDescriptions()
  private readonly states = new Map<string, ApiDescriptionStatus>()
  private readonly pending: PendingRequests<Read>

  constructor(
    private readonly deps: Pick<CaptureDeps, 'tabId' | 'worker' | 'panel' | 'parseDescription'>,
    private readonly o: DescriptionRequestsOptions,
  ) {
    this.pending = new PendingRequests<Read>(
      {
        send: (id, { origin, url }) =>
          deps.worker.send({
            type: 'devtools/read-description',
            id,
            tabId: deps.tabId,
            origin,
            ...(url ? { url } : {}),
          }),
        giveUp: ({ origin }, reason) => this.setState({ origin, state: 'error', reason }),
      },
      o.ids,
    )
  }

  statuses(): ApiDescriptionStatus[] {
    return [...this.states.values()]
  }

  /** Asks the worker for `origin`'s description, at `url` or where it usually is. */
  read(origin: string, url: string | undefined): void {
    // Vouch for the origin only with URLs this page really requested (the worker checks them).
    const urls = this.o.engine
      .findings({ detail: 'listing' })
      .flatMap((f) => f.chain.map((h) => h.url))
      .filter((u) => originOf(u) === origin)
    if (urls.length === 0 && url === undefined) {
      this.setState({ origin, state: 'error', reason: 'not-observed' })
      return
    }
    this.o.sites.tell(urls)
    this.setState({ origin, state: 'loading' })
    this.pending.send({ origin, ...(url ? { url } : {}) })
  }

  onAnswer(m: DescriptionAnswer): void {
    const origin = this.pending.answer(m.id)?.origin
    if (origin === undefined) return
    if (m.type === 'worker/description') void this.use(origin, m.text, m.source, m.tried)
    else
      this.setState({
        origin,
        state: m.reason === 'not-found' ? 'not-found' : 'error',
        reason: m.reason,
        tried: m.tried,
      })
  }

  /** Parses a description and lets the engine re-check every finding of that origin against it. */
  async use(
    origin: string,
    text: string,
    source: string,
    tried?: { url: string; status: number }[],
  ): Promise<void> {
    try {
      const desc = await this.deps.parseDescription(text)
      this.descriptions.set(origin, desc, source)
      this.o.engine.setDeclaredLookup(this.descriptions.lookup)
      this.setState({
        origin,
        state: 'loaded',
        source,
        paths: desc.paths.length,
        title: desc.title,
        ...(tried ? { tried } : {}),
      })
      this.o.publish()
    } catch (err) {
      // A bad document changes nothing else.
      this.setState({
        origin,
        state: 'error',
        source,
        reason: err instanceof ApiDescriptionError ? err.reason : 'not-parsable',
      })
    }
  }

  /** A panel that just opened hears every origin's state. */
  resendStates(): void {
    for (const status of this.states.values())
      this.deps.panel.send({ type: 'devtools/api-description', status })
  }

  reconnected(): void {
    this.pending.reconnected()
  }

  private setState(status: ApiDescriptionStatus): void {
    this.states.set(status.origin, status)
    this.deps.panel.send({ type: 'devtools/api-description', status })
  }
}
