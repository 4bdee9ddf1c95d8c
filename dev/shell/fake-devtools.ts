/**
 * A stand-in for the devtools page, for the shell: the real Engine fed HAR entries, the real
 * probe ladder answered by fixture servers, the real protocol over a memoryPair.
 */
import { Engine, type ProbeTarget } from '../../src/core/engine'
import { nextStep, type ProbeMode } from '../../src/core/probe/ladder'
import type { ProbeResult, ProbeStep } from '../../src/core/types'
import type { Adapter } from '../../src/shared/channel'
import type {
  CaptureSettings,
  DevtoolsToPanel,
  PanelToDevtools,
  ProbeStatus,
} from '../../src/shared/messages'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { probeAnswer } from './servers'

/** Origins the "user" has not granted: probes there report no-permission until allowed. */
const UNGRANTED = new Set(['https://api.example.com'])

export class FakeDevtools {
  private engine = new Engine()
  private probes = new Map<string, ProbeStatus>()
  private targets = new Map<string, ProbeTarget>()
  private settings: CaptureSettings = { ...DEFAULT_SETTINGS }
  private granted = new Set<string>()

  constructor(
    private port: Adapter<PanelToDevtools, DevtoolsToPanel>,
    private inspectedUrl = 'http://127.0.0.1:8405/',
  ) {
    port.listen((m) => this.onMessage(m))
  }

  /** Feeds entries as capture would, then probes what the engine asks for. */
  add(entries: readonly unknown[], probe = true): void {
    for (const e of entries) this.engine.add(e)
    this.flush()
    if (probe) this.probeNew()
  }

  private stats() {
    return { entries: this.engine.entries, findings: this.engine.findings().length }
  }

  private flush(): void {
    const { upserts, removed } = this.engine.takeChanges()
    if (upserts.length || removed.length)
      this.port.send({ type: 'devtools/changes', upserts, removed, stats: this.stats() })
  }

  private onMessage(m: PanelToDevtools): void {
    switch (m.type) {
      case 'panel/hello':
        this.engine.takeChanges()
        this.port.send({
          type: 'devtools/snapshot',
          findings: this.engine.findings(),
          probes: [...this.probes.values()],
          stats: this.stats(),
          settings: this.settings,
          inspectedUrl: this.inspectedUrl,
        })
        break
      case 'panel/clear':
        this.engine.clear()
        this.engine.takeChanges()
        this.port.send({ type: 'devtools/cleared', stats: this.stats() })
        break
      case 'panel/settings':
        this.settings = { ...this.settings, ...m.settings }
        break
      case 'panel/probe-again': {
        const target = this.targets.get(m.endpoint)
        if (target) {
          this.engine.forgetProbe(m.endpoint)
          void this.probe(target)
        }
        break
      }
      case 'panel/permissions-changed':
        for (const o of UNGRANTED) this.granted.add(o)
        for (const t of this.targets.values())
          if (this.probes.get(t.endpoint)?.state === 'no-permission') void this.probe(t)
        break
    }
  }

  private probeNew(): void {
    for (const t of this.engine.takeProbeTargets()) {
      this.targets.set(t.endpoint, t)
      if (this.settings.probing) void this.probe(t)
    }
  }

  private status(s: ProbeStatus): void {
    this.probes.set(s.endpoint, s)
    this.port.send({ type: 'devtools/probe', status: s })
  }

  private async probe(t: ProbeTarget): Promise<void> {
    const origin = new URL(t.url).origin
    // The inspected site, as the worker reports it: the panel's controls name the pair.
    const site = new URL(this.inspectedUrl).origin
    if (UNGRANTED.has(origin) && !this.granted.has(origin)) {
      this.status({ endpoint: t.endpoint, origin, site, state: 'no-permission', reason: 'not-approved' })
      return
    }
    this.status({ endpoint: t.endpoint, origin, site, state: 'pending' })
    const steps: ProbeStep[] = []
    const mode: ProbeMode = this.settings.probeMode
    const target = {
      method: t.method,
      suspect: t.suspect,
      knownToExist: this.engine.knownToExist(t.url, t.method),
    }
    for (let next = nextStep(target, steps, mode); next; next = nextStep(target, steps, mode)) {
      await new Promise((r) => setTimeout(r, 120))
      const a = probeAnswer(next, t.url)
      steps.push({
        method: next,
        url: t.url,
        outcome: 'answered',
        status: a.status,
        headers: a.headers,
        durationMs: 8 + ((t.url.length * 7 + steps.length * 13) % 40),
        ...(a.headers.location ? { location: a.headers.location } : {}),
      })
    }
    const result: ProbeResult = { endpoint: t.endpoint, url: t.url, at: Date.now(), steps }
    this.engine.addProbe(result)
    this.status({ endpoint: t.endpoint, origin, site, state: 'done', result })
    this.flush()
  }
}
