// Responses the page's own service worker made up, as real Chromium writes them: DevTools' getHAR()
// flags them on the response, Playwright's recordHar leaves out the server address. The extension
// never probes them and shows no finding for them. RECORD_FIXTURES=1 rewrites the fixtures the unit
// tests read (test/fixtures/har/sw-*.har).
import { readFileSync, writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { startSwSite } from '../test/helpers/sw-site'
import { CHROMIUM_FLAGS, chromiumPath } from './support/chromium-path'
import { expect, test } from './support/fixtures'

type SwWindow = Window & { ready: Promise<void>; runAll(): Promise<void> }
interface HarEntry {
  request: { method: string; url: string }
  response: { status: number; _fetchedViaServiceWorker?: boolean; _transferSize?: number }
  serverIPAddress?: string
}
const STABLE_ORIGIN = 'http://127.0.0.1:8407'
const byPath = (entries: HarEntry[], path: string) =>
  entries.filter((e) => e.request.method === 'POST' && new URL(e.request.url).pathname === path)

test('DevTools getHAR() flags a service worker answer on the response; no probe, only a label', async ({
  panel,
}) => {
  const site = await startSwSite()
  try {
    await panel.page.goto(`${site.origin}/`)
    await panel.page.evaluate(() => (window as unknown as SwWindow).runAll())
    const text = await panel.devtoolsPage.evaluate<string>(
      'new Promise((r) => chrome.devtools.network.getHAR((h) => r(JSON.stringify({ log: h }))))',
    )
    const entries = (JSON.parse(text) as { log: { entries: HarEntry[] } }).log.entries
    expect(byPath(entries, '/api/mocked').map((e) => e.response._fetchedViaServiceWorker)).toEqual([true])
    // A worker that passes the request on: its answer to the page is flagged, and its own fetch,
    // the server's real answer, is listed apart.
    expect(
      byPath(entries, '/api/passthrough')
        .map((e) => `${e.response._fetchedViaServiceWorker} ${e.serverIPAddress || 'none'}`)
        .sort(),
    ).toEqual(['false 127.0.0.1', 'true none'])
    expect(byPath(entries, '/api/direct').map((e) => e.response._fetchedViaServiceWorker)).toEqual([false])
    if (process.env.RECORD_FIXTURES === '1')
      writeFileSync('test/fixtures/har/sw-devtools-gethar.har', sanitise(text, site.origin))
    // The server's real 405s are diagnosed (the worker's own fetch for the passed-on one); what the
    // worker answered to the page is only labelled as the worker's.
    const byServer = async () =>
      [
        ...new Set(
          (await panel.findings())
            .filter((f) => f.kind !== 'service-worker-answer')
            .map((f) => new URL(f.url).pathname),
        ),
      ].sort()
    await expect.poll(byServer).toEqual(['/api/direct', '/api/passthrough'])
    const mocked = (await panel.findings()).filter((f) => new URL(f.url).pathname === '/api/mocked')
    expect(mocked.map((f) => f.kind)).toEqual(['service-worker-answer'])
    // Nothing, probe included, ever reached the path only the worker answers.
    expect(site.log().filter((r) => r.endsWith('/api/mocked'))).toEqual([])
  } finally {
    await site.close()
  }
})

test("Playwright's recordHar: a service worker answer has no server address and no bytes transferred", async () => {
  const site = await startSwSite()
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS],
    headless: true,
  })
  const path = test.info().outputPath('sw.har')
  try {
    const context = await browser.newContext({ recordHar: { path, content: 'embed' } })
    const page = await context.newPage()
    await page.goto(`${site.origin}/`)
    await page.evaluate(() => (window as unknown as SwWindow).runAll())
    await context.close()
    const text = readFileSync(path, 'utf8')
    const entries = (JSON.parse(text) as { log: { entries: HarEntry[] } }).log.entries
    const shape = (e: HarEntry) => `${e.serverIPAddress ?? 'none'} ${e.response._transferSize}`
    expect(byPath(entries, '/api/mocked').map(shape)).toEqual(['none 0'])
    // The page's entry, and the worker's own fetch to the server, which has an address.
    expect(byPath(entries, '/api/passthrough').map(shape).sort()).toEqual([
      expect.stringMatching(/^127\.0\.0\.1 \d+$/),
      'none 0',
    ])
    expect(byPath(entries, '/api/direct').map(shape)).toEqual([expect.stringMatching(/^127\.0\.0\.1 \d+$/)])
    if (process.env.RECORD_FIXTURES === '1')
      writeFileSync('test/fixtures/har/sw-playwright.har', sanitise(text, site.origin))
  } finally {
    await browser.close()
    await site.close()
  }
})

/** Stable origin, and no machine-specific values beyond what the browser wrote for a loopback page. */
function sanitise(text: string, origin: string): string {
  const { host, port } = new URL(origin)
  const stable = new URL(STABLE_ORIGIN)
  const doc: unknown = JSON.parse(
    text.replaceAll(origin, STABLE_ORIGIN).replaceAll(`"${host}"`, `"${stable.host}"`),
  )
  return `${JSON.stringify(doc, (k, v: unknown) => (k === '_serverPort' && String(v) === port ? Number(stable.port) : v), 2)}\n`
}
