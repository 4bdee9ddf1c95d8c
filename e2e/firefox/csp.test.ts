// The extension pages' CSP (manifest.json) in firefox-esr: the panel, the devtools page and the
// background's probe run without a single CSP report in the browser console, and the CSP is
// really applied (an inline script injected into the panel is refused and reported).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type DemoApi, startDemoApi } from '../demo-api/server'
import { READY_EXPRESSION } from '../support/findings'
import { type FirefoxHarness, launchFirefox, poll } from './support'

interface ProbeState {
  endpoint: string
  state: string
}

/** CSP reports Firefox wrote to the browser console (every extension context logs there). */
const CSP_REPORTS = `Services.console.getMessageArray()
  .map((m) => (m instanceof Ci.nsIScriptError ? m.errorMessage : m.message) || '')
  .filter((t) => /Content-Security-Policy|Content Security Policy/i.test(t))`

let demo: DemoApi
let ff: FirefoxHarness

before(async () => {
  demo = await startDemoApi()
  ff = await launchFirefox()
  await ff.page.goto(`${demo.origin}/`)
})

after(async () => {
  await ff?.close()
  await demo?.close()
})

test('a capture, a probe and the panel produce no CSP report; an injected inline script does', async () => {
  const toolbox = ff.toolbox()
  await toolbox.selectPanel()
  await poll(() => toolbox.evaluateInPanel<boolean>(READY_EXPRESSION), {
    what: 'mdReady in the toolbox panel',
  })
  await ff.page.evaluate(() =>
    (window as unknown as { runScenario(id: string): Promise<unknown> }).runScenario('get-only'),
  )
  await poll(
    async () =>
      (await toolbox.evaluateInDevtoolsPage<ProbeState[]>('globalThis.__methodDoctor.probes()')).some(
        (p) => p.endpoint.endsWith('/api/items') && p.state === 'done',
      ),
    { what: 'the background probe of /api/items', timeout: 15_000 },
  )
  await poll(
    () =>
      toolbox.evaluateInPanel<boolean>(
        `(() => { const row = document.querySelector('#md-list [data-kind="wrong-method"]'); row?.click(); return !!document.querySelector('.detail') })()`,
      ),
    { what: 'the detail of the finding' },
  )
  assert.deepEqual(await ff.chromeEvaluate<string[]>(CSP_REPORTS), [])
  // The check can fail: the same console shows a refusal once there is one.
  await toolbox.evaluateInPanel<boolean>(
    `(() => { const s = document.createElement('script'); s.textContent = 'window.mdInline = 1'; document.body.append(s); return true })()`,
  )
  const reports = await poll(
    async () => {
      const found = await ff.chromeEvaluate<string[]>(CSP_REPORTS)
      return found.length > 0 ? found : null
    },
    { what: 'a CSP report for the injected inline script' },
  )
  assert.match(reports.join('\n'), /script-src/)
})
