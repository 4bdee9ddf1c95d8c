import {
  type BrowserContext,
  test as base,
  expect as baseExpect,
  type Expect,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type Request,
  type TestInfo,
  type TestType,
} from '@playwright/test'
import { Engine } from '../core/engine'
import { formatMarkdown } from '../core/format/markdown'
import type { Lang } from '../core/i18n'
import { findingTranslator } from '../core/messages-bundle'
import { redactUrl } from '../core/redact'
import { buildReport, type Report } from '../core/report'
import { type Finding, SEVERITY_RANK, type Severity } from '../core/types'
import { siteOf } from '../core/url'
import { planProbes, probeAll, probeTargets } from '../node/node-probe'
import { VERSION } from '../node/version'
import { toHarEntry } from './entry'
import { ignoreMatcher, type MethodDoctorOptions, type ResolvedOptions, resolveOptions } from './options'

export interface MethodDoctor {
  /** Waits for in-flight requests (bounded), probes if enabled, and returns the findings. */
  findings(): Promise<Finding[]>
  /** The findings as a report (the CLI's JSON format), redacted. */
  report(): Promise<Report>
}

const SETTLE_MS = 5000

/** Watches every request of one browser context and feeds the engine hop by hop. */
class ContextWatcher implements MethodDoctor {
  private engine = new Engine()
  private inflight = new Set<Request>()
  private work: Promise<unknown>[] = []
  private seen = new WeakSet<Request>()
  private probed = false
  private ignored: (url: string) => boolean
  /** Origins the test's own pages navigated to (top-level documents): the sites probes may reach. */
  private pageSites = new Set<string>()

  constructor(
    context: BrowserContext,
    private readonly options: ResolvedOptions,
  ) {
    this.ignored = ignoreMatcher(options.ignore)
    context.on('request', (r) => {
      this.inflight.add(r)
      this.notePage(r)
    })
    context.on('requestfinished', (r) => this.done(r))
    context.on('requestfailed', (r) => this.done(r))
  }

  /** A main-frame navigation of one of the test's pages: its origin is a site the fixture may probe. */
  private notePage(request: Request): void {
    if (!request.isNavigationRequest()) return
    let topLevel: boolean
    try {
      topLevel = request.frame().parentFrame() === null
    } catch {
      // A service worker's request has no frame.
      return
    }
    const site = siteOf(request.url())
    if (topLevel && site !== null) this.pageSites.add(site)
  }

  private done(request: Request): void {
    this.inflight.delete(request)
    // Redirect hops are requests of their own; walk back so none is missed.
    for (let r: Request | null = request; r && !this.seen.has(r); r = r.redirectedFrom()) {
      this.seen.add(r)
      if (this.ignored(r.url())) continue
      const hop = r
      this.work.push(toHarEntry(hop).then((e) => this.engine.add(e)))
    }
  }

  private async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_MS
    while (this.inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    await Promise.all(this.work)
    if (this.options.probe && !this.probed) {
      this.probed = true
      // As the CLI's --probe: the test's own pages' sites and the allowed origins, never a
      // link-local or metadata address; every request through the guarded Node fetch.
      const plan = planProbes(probeTargets(this.engine), this.pageSites, new Set(this.options.probeAllow))
      await probeAll(this.engine, 'full', plan.targets)
    }
  }

  async findings(): Promise<Finding[]> {
    await this.settle()
    return this.engine.findings()
  }

  async report(): Promise<Report> {
    return buildReport(await this.findings(), {
      source: 'playwright',
      toolVersion: VERSION,
      lang: this.options.lang,
      ...(this.options.includeSecrets ? { keepSecrets: true } : {}),
    })
  }
}

function atOrAbove(findings: Finding[], failOn: Severity | 'never'): Finding[] {
  if (failOn === 'never') return []
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])
}

function listing(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        // Failure messages end up in CI logs: the same redaction as every other output.
        `  - [${f.severity}] ${f.kind}: ${f.request.method} ${redactUrl(f.request.url)} (${f.chain.map((h) => `${h.method} ${h.status}`).join(' → ')})`,
    )
    .join('\n')
}

async function attach(testInfo: TestInfo, report: Report, lang: Lang): Promise<void> {
  await testInfo.attach('method-doctor.json', {
    body: JSON.stringify(report, null, 2),
    contentType: 'application/json',
  })
  await testInfo.attach('method-doctor.md', {
    body: formatMarkdown(report, findingTranslator(lang)),
    contentType: 'text/markdown',
  })
}

export interface MethodDoctorFixtures {
  methodDoctor: MethodDoctor
  methodDoctorOptions: MethodDoctorOptions
}

// A type alias, not an interface: expect.extend() wants an index signature.
type MethodDoctorMatchers = {
  /** Passes when Method Doctor found nothing at or above `severity` (default: anything at all). */
  toHaveNoFindings(
    received: MethodDoctor,
    options?: { severity?: Severity },
  ): Promise<{ pass: boolean; name: string; message: () => string }>
}

// Spelled out so the published .d.ts names '@playwright/test' (the peer dependency), not the
// 'playwright' package it re-exports, which strict installs (pnpm) do not expose.
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & MethodDoctorFixtures,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
> = base.extend<MethodDoctorFixtures>({
  // test.use() replaces this object whole: resolveOptions() puts the defaults back under a partial one.
  methodDoctorOptions: [{}, { option: true }],
  // Auto: every test of the project is watched, whether or not it names the fixture.
  methodDoctor: [
    async ({ context, methodDoctorOptions }, use, testInfo) => {
      const options = resolveOptions(methodDoctorOptions)
      const watcher = new ContextWatcher(context, options)
      await use(watcher)
      const findings = await watcher.findings()
      if (findings.length > 0) await attach(testInfo, await watcher.report(), options.lang)
      const failing = atOrAbove(findings, options.failOn)
      if (failing.length > 0)
        throw new Error(`Method Doctor found ${failing.length} problem(s):\n${listing(failing)}`)
    },
    { auto: true },
  ],
})

export const expect: Expect<MethodDoctorMatchers> = baseExpect.extend<MethodDoctorMatchers>({
  async toHaveNoFindings(received: MethodDoctor, options: { severity?: Severity } = {}) {
    const findings = atOrAbove(await received.findings(), options.severity ?? 'info')
    return {
      pass: findings.length === 0,
      name: 'toHaveNoFindings',
      message: () =>
        findings.length === 0
          ? 'expected Method Doctor findings, found none'
          : `expected no Method Doctor findings, found ${findings.length}:\n${listing(findings)}`,
    }
  },
})

export { MethodDoctorOptionsError } from './options'
export type { Finding, MethodDoctorOptions, Report }
