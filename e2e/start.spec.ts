/**
 * `npm start`'s own path (scripts/start-chromium.ts), headless: DevTools lands on the Method Doctor
 * panel with the demo's findings and the first one open, or, when the panel cannot be shown, the
 * demo still opens and one line says what to click. The README's pictures are taken from this state.
 */
import { expect, type Page, test } from '@playwright/test'
import { type ChromiumStart, type DevToolsTheme, START_HINT, startChromium } from '../scripts/start-chromium'
import { runAllUrl } from './demo-api/page'
import { scenarios } from './demo-api/scenarios'
import { type DemoApi, startDemoApi } from './demo-api/server'
import { selectedPanelId } from './support/devtools-cdp'
import { KINDS_OF_ROW } from './support/findings'
import { meanLuminance } from './support/png-luminance'

// One line per finding: `kind METHOD /path`.
const FINDING_LINES = `Array.from(document.querySelectorAll('#md-list [data-kind]'), (e) => ${KINDS_OF_ROW}(e).map((k) => k + ' ' + e.dataset.method + ' ' + new URL(e.dataset.url).pathname)).flat().sort()`
// What the demo's scenarios should yield with probes on (the panel's default). The panel may list
// more (warnings the scenario list leaves to other tests), never fewer.
const EXPECTED = scenarios.flatMap((s) => s.expect.map((kind) => `${kind} ${s.method} ${s.path}`)).sort()

let demo: DemoApi
let started: ChromiumStart | undefined
test.beforeEach(async () => {
  demo = await startDemoApi()
})
test.afterEach(async () => {
  await started?.close()
  started = undefined
  await demo.close()
})

function landed(start: ChromiumStart) {
  if (!start.landing.landed) throw new Error(`npm start did not land on the panel: ${start.landing.why}`)
  return start.landing.panel
}

async function demoHasRun(page: Page): Promise<void> {
  expect(page.url()).toBe(runAllUrl(demo.origin))
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.run)).toBe('done')
}

test('npm start lands on the Method Doctor panel with every demo finding listed and the first one open', async () => {
  started = await startChromium({ demoOrigin: demo.origin, headless: true, timeout: 30_000 })
  const panel = landed(started)
  expect(await selectedPanelId(panel.frontend)).toBe(panel.panelId)
  await demoHasRun(started.page)
  await expect
    .poll(() => panel.panel.evaluate<string[]>(FINDING_LINES), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(EXPECTED))
  const selection = await panel.panel.evaluate<{ first: string; selected: string[]; detail: string }>(`({
    first: document.querySelector('#md-list [data-kind]').dataset.id,
    selected: Array.from(document.querySelectorAll('#md-list [aria-selected="true"]'), (e) => e.dataset.id),
    detail: document.querySelector('.detail')?.dataset.id ?? '',
  })`)
  expect(selection.selected).toEqual([selection.first])
  expect(selection.detail).toBe(selection.first)
})

test('when DevTools will not show the panel, the demo still opens and runs, and one line says what to click', async () => {
  // A title DevTools never lists stands for DevTools internals that changed under us.
  started = await startChromium({
    demoOrigin: demo.origin,
    headless: true,
    timeout: 2500,
    panelTitle: 'No Such Panel',
  })
  expect(started.landing.landed).toBe(false)
  if (started.landing.landed) return
  expect(started.landing.hint).toBe(START_HINT)
  expect(started.landing.hint).not.toContain('\n')
  await demoHasRun(started.page)
})

// The README's pictures: written to test-results on every run, to docs/img with UPDATE_SCREENSHOTS=1,
// so a test run never rewrites tracked files.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/img' : 'test-results/screenshots'

/** Mean luminance of a PNG, decoded in a page of the started browser. */
async function brightness(start: ChromiumStart, file: string): Promise<number> {
  const page = await start.context.newPage()
  try {
    return await meanLuminance(page, file)
  } finally {
    await page.close()
  }
}

for (const [theme, file, paints] of [
  ['light', 'devtools-panel.png', (b: number) => expect(b).toBeGreaterThan(180)],
  ['dark', 'devtools-panel-dark.png', (b: number) => expect(b).toBeLessThan(90)],
] as const) {
  test(`screenshot of npm start's DevTools in the ${theme} theme, for the README`, async () => {
    started = await startChromium({
      demoOrigin: demo.origin,
      headless: true,
      theme: theme as DevToolsTheme,
      timeout: 30_000,
    })
    const panel = landed(started)
    await expect
      .poll(() => panel.panel.evaluate<string[]>(FINDING_LINES), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(EXPECTED))
    expect(await panel.panel.evaluate<string>('document.documentElement.dataset.theme')).toBe(theme)
    // Rows keep their path readable at this width: the origin gives way first.
    const cut = await panel.panel.evaluate<number>(
      `[...document.querySelectorAll('#md-list .row .c-url')].filter((cell) => { const p = cell.querySelector('.u-path'); return p && p.textContent.length < 16 && p.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1 }).length`,
    )
    expect(cut).toBe(0)
    const path = `${shots}/${file}`
    await panel.screenshot(path)
    // The picture itself, not only the panel's idea of its theme, is light or dark.
    paints(await brightness(started, path))
  })
}
