import type { Engine, ProbeTarget } from '../core/engine'
import { isHttpUrl, originOf } from '../core/url'
import type { CaptureSettings, LadderRequestMessage, ProbeStatus, WorkerToDevtools } from '../shared/messages'
import type { CaptureDeps } from './capture-deps'
import { type IdSource, PendingRequests } from './pending-requests'
import type { SiteReport } from './site-report'

export type ProbeAnswer = Extract<WorkerToDevtools, { type: 'worker/probe-result' | 'worker/probe-refused' }>

export interface ProbeRequestsOptions {
  engine: Engine
  sites: SiteReport
  settings(): CaptureSettings
  /** A result changed findings: publish them. */
  publish(): void
  ids: IdSource
}

interface Sent {
  request: LadderRequestMessage
  /** Asked past the worker's cache (Probe again, a grant); a re-send after a restart is not. */
  fresh: boolean
}

/**
 * The probe request lifecycle: the engine's probe targets become requests to the worker, each
 * endpoint's state is shown in the panel, and the answers go back into the engine. The worker
 * decides whether a probe may go out; a probe waiting for the user's click is asked again when
 * the click comes or its URL becomes a request of its own origin's page.
 */
export class ProbeRequests {
  /** The latest request per endpoint, kept to probe again. */
  private readonly requests = new Map<string, LadderRequestMessage>()
  private readonly probes = new Map<string, ProbeStatus>()
  /** URLs of probes waiting for a click (`not-approved`) → their endpoints. */
  private readonly waiting = new Map<string, Set<string>>()
  private readonly pending: PendingRequests<Sent>

  constructor(
    private readonly deps: Pick<CaptureDeps, 'tabId' | 'worker' | 'panel'>,
    private readonly o: ProbeRequestsOptions,
  ) {
    this.pending = new PendingRequests<Sent>(
      {
        send: (id, { request, fresh }, again) =>
          deps.worker.send({
            type: 'devtools/probe-request',
            id,
            tabId: deps.tabId,
            request,
            mode: o.settings().probeMode,
            fresh: again ? false : fresh,
          }),
        giveUp: ({ request }, reason) =>
          this.setProbe({
            endpoint: request.endpoint,
            origin: originOf(request.url),
            state: 'error',
            reason,
          }),
      },
      o.ids,
      // A newer request for the endpoint (Probe again, a changed cookie choice) supersedes any
      // still pending: a late answer to the old one must not overwrite the new.
      ({ request }) => request.endpoint,
    )
  }

  states(): ProbeStatus[] {
    return [...this.probes.values()]
  }

  /** Takes the engine's new probe targets; probes them unless probing is off. */
  takeTargets(): void {
    const targets = this.o.engine.takeProbeTargets().filter((t) => isHttpUrl(t.url))
    const requests = targets.map((t) => this.toRequest(t))
    for (const r of requests) this.requests.set(r.endpoint, r)
    if (!this.o.settings().probing || requests.length === 0) return
    // The worker hears a storm's URLs in one message, not one per probe.
    this.o.sites.tell(requests.map((r) => r.url))
    for (const r of requests) this.probe(r, false, true)
  }

  /** Re-sends waiting probes whose URL the page of its own origin requested (all waiting URLs by default). */
  askOwnAgain(urls: string[] = [...this.waiting.keys()]): void {
    if (!this.o.settings().probing) return
    for (const url of urls) {
      if (!this.o.sites.ownRequest(url)) continue
      for (const endpoint of [...(this.waiting.get(url) ?? [])]) {
        const r = this.requests.get(endpoint)
        if (r) this.probe(r, false)
      }
    }
  }

  /** Probing was switched on: probe every endpoint not probed yet. */
  probingOn(): void {
    for (const r of this.requests.values()) if (!this.probes.has(r.endpoint)) this.probe(r, false)
  }

  /** The panel's "Probe again": past the worker's cache, with what the capture now knows. */
  again(endpoint: string): void {
    const r = this.requests.get(endpoint)
    if (r) this.probe({ ...r, knownToExist: this.o.engine.knownToExist(r.url, r.method) }, true)
  }

  /** Host permissions or approvals changed: ask again every probe that waited for them. */
  permissionsChanged(): void {
    for (const s of [...this.probes.values()]) {
      const r = this.requests.get(s.endpoint)
      if (r && s.state === 'no-permission') this.probe(r, true)
    }
  }

  onAnswer(m: ProbeAnswer): void {
    const p = this.pending.answer(m.id)
    if (!p) return
    const { endpoint } = p.request
    const origin = originOf(p.request.url)
    if (m.type === 'worker/probe-result') {
      this.o.engine.addProbe({ ...m.result, endpoint })
      this.setProbe({ endpoint, origin, site: m.site, state: 'done', result: m.result })
      this.o.publish()
    } else {
      // Both wait for the user's click on "Allow probing": the panel offers it for either.
      const waitsForClick = m.reason === 'no-permission' || m.reason === 'not-approved'
      const state = waitsForClick ? 'no-permission' : 'refused'
      this.setProbe({ endpoint, origin, site: m.site, state, reason: m.reason })
    }
  }

  reconnected(): void {
    this.pending.reconnected()
  }

  clear(): void {
    this.probes.clear()
    this.requests.clear()
    this.waiting.clear()
    this.pending.clear()
  }

  private toRequest(t: ProbeTarget): LadderRequestMessage {
    return {
      endpoint: t.endpoint,
      url: t.url,
      method: t.method,
      suspect: t.suspect,
      knownToExist: this.o.engine.knownToExist(t.url, t.method),
    }
  }

  private probe(request: LadderRequestMessage, fresh: boolean, told = false): void {
    if (!told) this.o.sites.tell([request.url])
    this.setProbe({
      endpoint: request.endpoint,
      origin: originOf(request.url),
      site: this.o.sites.pageOrigin,
      state: 'pending',
    })
    this.pending.send({ request, fresh })
  }

  private setProbe(status: ProbeStatus): void {
    this.probes.set(status.endpoint, status)
    const url = this.requests.get(status.endpoint)?.url
    if (url !== undefined) {
      const endpoints = this.waiting.get(url) ?? new Set<string>()
      if (status.state === 'no-permission' && status.reason === 'not-approved') endpoints.add(status.endpoint)
      else endpoints.delete(status.endpoint)
      if (endpoints.size > 0) this.waiting.set(url, endpoints)
      else this.waiting.delete(url)
    }
    this.deps.panel.send({ type: 'devtools/probe', status })
  }
}
