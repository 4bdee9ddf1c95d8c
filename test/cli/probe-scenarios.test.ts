// Every demo scenario with the full discovery ladder against the live demo API: the findings the
// panel shows with probing on (its default) are each scenario's `expect`, not only the
// probe-less list the browser suites check. The capture is the one Playwright recorded from the
// demo (e2e/capture.spec.ts), its origins moved to this run's servers.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scenarios } from '../../e2e/demo-api/scenarios'
import { type DemoApi, startDemoApi } from '../../e2e/demo-api/server'
import { Engine } from '../../src/core/engine'
import { harEntries } from '../../src/core/har'
import { DEFAULT_LIMITS, ProbeScheduler } from '../../src/core/probe/scheduler'
import { probeAll, probeTargets } from '../../src/node/node-probe'

const RECORDED = { origin: 'http://127.0.0.1:8405', corsOrigin: 'http://127.0.0.1:8406' }

let demo: DemoApi
beforeAll(async () => {
  demo = await startDemoApi({ slowOptionsMs: 50 })
})
afterAll(() => demo.close())

describe('every demo scenario, probed with the full ladder', () => {
  it('yields exactly the scenario’s expected findings, and the probes never send the original method', async () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/har/demo-playwright.har'), 'utf8')
      .replaceAll(RECORDED.origin, demo.origin)
      .replaceAll(RECORDED.corsOrigin, demo.corsOrigin)
    const engine = new Engine()
    for (const e of harEntries(JSON.parse(text))) engine.add(e)
    demo.clearLog()
    // The per-origin budget is the limiter's business (tested on its own); here every scenario is probed.
    const scheduler = new ProbeScheduler(
      { ...DEFAULT_LIMITS, perOriginPerMinute: 1000 },
      { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    )
    await probeAll(engine, 'full', probeTargets(engine), scheduler)
    const findings = engine.findings()
    for (const s of scenarios) {
      const kinds = findings
        .filter((f) => f.request.method === s.method && new URL(f.request.url).pathname === s.path)
        .map((f) => f.kind)
        .sort()
      // Playwright's recordHar leaves the preflight out: alone, the failed call is not CORS.
      expect(kinds, s.id).toEqual([...(s.expectWithoutPreflight ?? s.expect)].sort())
    }
    const sent = demo.log().filter((r) => r.path !== '/.well-known/appspecific/com.chrome.devtools.json')
    expect(sent.length).toBeGreaterThan(5)
    expect(new Set(sent.map((r) => r.method))).toEqual(new Set(['OPTIONS', 'HEAD', 'GET']))
  }, 30_000)
})
