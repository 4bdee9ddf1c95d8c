import { writeFileSync } from 'node:fs'
import { expectedWithoutProbe, scenarios } from './demo-api/scenarios'
import { KINDS_OF_ROW } from './support/findings'
import { expect, test } from './support/fixtures'
import { panelSays } from './support/panel-says'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown>; runAll(): Promise<void> }

const pathOf = (url: string) => new URL(url).pathname

test('the panel inside real DevTools shows a real 405 the page just got', async ({ panel, demo }) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  const rows = await panel.poll<{ kind: string; method: string; url: string }[]>(
    `(${'() => { const r = ' + "Array.from(document.querySelectorAll('[data-kind]'), (el) => ({ kind: el.dataset.kind, method: el.dataset.method, url: el.dataset.url }))"}; return r.length ? r : null })()`,
  )
  expect(rows).toEqual([{ kind: 'wrong-method', method: 'POST', url: `${demo.origin}/api/items` }])
})

test('every demo scenario produces exactly its expected findings, successes none', async ({
  panel,
  demo,
}) => {
  // Capture alone: the per-origin probe budget (10 a minute) cannot cover every scenario in one run;
  // probes have their own tests (probe.spec.ts, discovery.spec.ts).
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runAll())
  const expected = expectedWithoutProbe()
  await expect
    .poll(async () => (await panel.findings()).map((f) => `${f.kind} ${f.method} ${pathOf(f.url)}`).sort(), {
      timeout: 15_000,
    })
    .toEqual(expected)
  // DevTools' own log and the panel agree on what was captured.
  const counts = await panel.devtoolsPage.evaluate<number>(
    'new Promise((r) => chrome.devtools.network.getHAR((h) => r(h.entries.length)))',
  )
  expect(counts).toBeGreaterThanOrEqual(scenarios.length)
  if (process.env.RECORD_FIXTURES === '1') {
    const har = await panel.devtoolsPage.evaluate<string>(
      'new Promise((r) => chrome.devtools.network.getHAR((h) => r(JSON.stringify({ log: h }))))',
    )
    writeFileSync(
      'test/fixtures/har/demo-devtools-gethar.har',
      har
        .replaceAll(demo.origin, 'http://127.0.0.1:8405')
        .replaceAll(demo.corsOrigin, 'http://127.0.0.1:8406'),
    )
  }
})

test('findings captured before the panel is first shown are not lost', async ({ extension, demo }) => {
  const { browserSession, openExtensionPanel, poll } = await import('./support/devtools-cdp')
  const { getTargets } = await import('./support/cdp-target')
  const { devtoolsPagePath, PANEL_PATH, PANEL_TITLE } = await import('./support/extension-paths')
  const page = extension.context.pages()[0] ?? (await extension.context.newPage())
  await page.goto(`${demo.origin}/`)
  // DevTools is open (auto-open) but the panel has not been shown: wait for the devtools page, fire, look later.
  const browser = await browserSession(extension.context)
  await poll(
    async () => (await getTargets(browser)).some((t) => t.url.includes('/src/devtools/devtools.html')),
    { what: 'devtools page' },
  )
  await page.evaluate(() => (window as unknown as DemoWindow).runScenario('slash-301'))
  const open = await openExtensionPanel(extension.context, page, {
    extensionId: extension.extensionId,
    title: PANEL_TITLE,
    panelPath: PANEL_PATH,
    devtoolsPath: devtoolsPagePath(extension.distPath),
  })
  await expect
    .poll(async () =>
      (
        await open.panel.evaluate<string[]>(
          `Array.from(document.querySelectorAll('#md-list [data-kind]'), ${KINDS_OF_ROW}).flat()`,
        )
      ).sort(),
    )
    .toEqual(['redirect-method-change', 'trailing-slash-redirect'])
})
