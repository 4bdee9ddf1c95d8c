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

test('Firefox says plainly that its log names no sender, and shows the request ids', async () => {
  const findings = await ff.toolbox().hook.findings()
  assert.ok(findings.length > 0)
  // Firefox's HAR has no initiator stacks; nothing is made up.
  assert.equal(
    findings.filter((f) => f.initiator !== undefined && f.initiator.type !== 'navigation').length,
    0,
  )
  await ff.toolbox().selectPanel()
  const said = await poll(
    () =>
      ff.toolbox().evaluateInPanel<{ sentBy: string; ids: string } | null>(`(() => {
        const row = Array.from(document.querySelectorAll('#md-list [data-kind]')).find((r) => (r.dataset.kinds || '').includes('wrong-method') && new URL(r.dataset.url).pathname === '/api/items')
        if (!row) return null
        row.click()
        const s = document.querySelector('.detail .sent-by')
        return s ? { sentBy: s.querySelector('p')?.textContent ?? '', ids: s.querySelector('.request-ids')?.textContent ?? '' } : null
      })()`),
    { what: 'the detail of POST /api/items', timeout: 10_000 },
  )
  assert.match(said.sentBy, /Firefox’s network log does not record which code sent a request/)
  assert.match(said.ids, /x-request-id: demo-\d+/)
})
