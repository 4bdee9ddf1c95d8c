/**
 * Records the demo scenarios with Playwright's recordHar in real Chromium, on fixed ports so the
 * fixture is stable: `npx tsx scripts/record-fixtures.ts`. The DevTools getHAR() fixture is
 * written by the e2e suite (e2e/capture.spec.ts) when RECORD_FIXTURES=1.
 */
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { startDemoApi } from '../e2e/demo-api/server'
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/chromium-path'

const out = resolve(import.meta.dirname, '../test/fixtures/har/demo-playwright.har')
const demo = await startDemoApi()
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: [...CHROMIUM_FLAGS],
  headless: true,
})
try {
  const context = await browser.newContext({ recordHar: { path: out, content: 'embed' } })
  const page = await context.newPage()
  await page.goto(`${demo.origin}/`)
  await page.evaluate(() => (window as unknown as { runAll(): Promise<void> }).runAll())
  await context.close()
  // Stable origins in the fixture, whatever ports this run got.
  const { readFileSync, writeFileSync } = await import('node:fs')
  writeFileSync(
    out,
    readFileSync(out, 'utf8')
      .replaceAll(demo.origin, 'http://127.0.0.1:8405')
      .replaceAll(demo.corsOrigin, 'http://127.0.0.1:8406'),
  )
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await demo.close()
}
