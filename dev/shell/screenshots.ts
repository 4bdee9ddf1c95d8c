/**
 * Renders the shell in headless Chromium and saves the docs screenshots:
 *   npx tsx dev/shell/screenshots.ts [outDir=docs/img]
 * Starts its own Vite dev server for the shell; needs /usr/bin/chromium (or CHROMIUM=path).
 */
import { resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { createServer } from 'vite'
import { CHROMIUM_FLAGS, chromiumPath } from '../../e2e/support/chromium-path'

const here = import.meta.dirname
const out = resolve(process.argv[2] ?? resolve(here, '../../docs/img'))

interface Shot {
  file: string
  query: string
  width: number
  height: number
  prepare?: (page: Page) => Promise<void>
}

const openFinding = (selector: string) => async (page: Page) => {
  await page.click(selector)
  await page.waitForSelector('#md-detail-title')
}

const shots: Shot[] = [
  {
    file: 'panel-light.png',
    query: 'theme=light',
    width: 1100,
    height: 500,
    prepare: openFinding('[role=option][data-kind=redirect-method-change][data-url$="/api/orders"]'),
  },
  {
    file: 'panel-dark.png',
    query: 'theme=dark',
    width: 1100,
    height: 500,
    prepare: openFinding('[role=option][data-kind=wrong-method][data-url*=":8101/"]'),
  },
  { file: 'panel-narrow.png', query: 'theme=light', width: 400, height: 600 },
]

const server = await createServer({ configFile: resolve(here, 'vite.shell.config.ts'), logLevel: 'warn' })
await server.listen()
const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/'
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? chromiumPath(),
  headless: true,
  args: [...CHROMIUM_FLAGS],
})
try {
  for (const s of shots) {
    const page = await browser.newPage({ viewport: { width: s.width, height: s.height } })
    await page.goto(`${base}shell.html?${s.query}`)
    await page.waitForSelector('html[data-md-ready="1"]')
    // Every probe answered, then one publish (every 100 ms) later the list is stable.
    await page.waitForFunction(() => {
      const probes = window.__md?.devtools?.controller.probeStates() ?? []
      return probes.length > 0 && probes.every((p) => p.state !== 'pending')
    })
    await page.waitForTimeout(300)
    await s.prepare?.(page)
    await page.waitForTimeout(200)
    await page.screenshot({ path: resolve(out, s.file) })
    console.log(`saved ${resolve(out, s.file)}`)
    await page.close()
  }
} finally {
  await browser.close()
  await server.close()
}
