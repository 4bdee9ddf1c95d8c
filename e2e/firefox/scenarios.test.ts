// Every demo scenario in real Firefox: what the devtools page concludes from Firefox's own HAR
// entries (event order, in-flight copies, preflight shapes) must be exactly what the scenarios
// expect. RECORD_FIXTURES=1 also saves Firefox's getHAR() for the unit tests.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { expectedWithoutProbe } from '../demo-api/scenarios'
import type { DemoApi } from '../demo-api/server'
import { panelSays } from '../support/panel-says'
import { type FirefoxHarness, firefoxOnDemo, poll } from './support'

let demo: DemoApi
let ff: FirefoxHarness

before(async () => {
  ;({ demo, ff } = await firefoxOnDemo())
})

after(async () => {
  await ff?.close()
  await demo?.close()
})

test('every demo scenario yields exactly its expected findings in Firefox, successes none', async () => {
  // Capture alone, as in the Chromium suite: the probe budget cannot cover every scenario at once.
  await ff
    .toolbox()
    .evaluateInDevtoolsPage(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  await ff.page.evaluate(() => (window as unknown as { runAll(): Promise<void> }).runAll())
  const expected = expectedWithoutProbe()
  const seen = () =>
    ff
      .toolbox()
      .hook.findings()
      .then((fs) => fs.map((f) => `${f.kind} ${f.request.method} ${new URL(f.request.url).pathname}`).sort())
  let last: string[] = []
  await poll(
    async () => {
      last = await seen()
      return JSON.stringify(last) === JSON.stringify(expected)
    },
    { what: 'the expected findings', timeout: 20_000 },
  ).catch(() => undefined)
  assert.deepEqual(last, expected)
  if (process.env.RECORD_FIXTURES === '1') {
    const har = await ff
      .toolbox()
      .evaluateInDevtoolsPage<string>(
        'browser.devtools.network.getHAR().then((h) => JSON.stringify({ log: h }))',
      )
    writeFileSync(
      'test/fixtures/har/demo-firefox-gethar.har',
      har
        .replaceAll(demo.origin, 'http://127.0.0.1:8405')
        .replaceAll(demo.corsOrigin, 'http://127.0.0.1:8406'),
    )
  }
})
