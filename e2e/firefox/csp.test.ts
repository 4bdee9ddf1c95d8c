// The extension pages' CSP (manifest.json) in firefox-esr: the panel, the devtools page and the
// background's probe run without a single CSP report in the browser console, and the CSP is
// really applied (an inline script injected into the panel is refused and reported).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoForFile, poll, showPanel } from './support'

/** CSP reports Firefox wrote to the browser console (every extension context logs there). */
const CSP_REPORTS = `Services.console.getMessageArray()
  .map((m) => (m instanceof Ci.nsIScriptError ? m.errorMessage : m.message) || '')
  .filter((t) => /Content-Security-Policy|Content Security Policy/i.test(t))`

const session = demoForFile()

test('a capture, a probe and the panel produce no CSP report; an injected inline script does', async () => {
  const toolbox = session.ff.toolbox()
  await showPanel(toolbox)
  await session.ff.page.evaluate(() =>
    (window as unknown as { runScenario(id: string): Promise<unknown> }).runScenario('get-only'),
  )
  await poll(
    async () =>
      (await toolbox.hook.probes()).some((p) => p.endpoint.endsWith('/api/items') && p.state === 'done'),
    { what: 'the background probe of /api/items', timeout: 15_000 },
  )
  await poll(
    () =>
      toolbox.evaluateInPanel<boolean>(
        `(() => { const row = document.querySelector('#md-list [data-kind="wrong-method"]'); row?.click(); return !!document.querySelector('.detail') })()`,
      ),
    { what: 'the detail of the finding' },
  )
  assert.deepEqual(await session.ff.chromeEvaluate<string[]>(CSP_REPORTS), [])
  // The check can fail: the same console shows a refusal once there is one.
  await toolbox.evaluateInPanel<boolean>(
    `(() => { const s = document.createElement('script'); s.textContent = 'window.mdInline = 1'; document.body.append(s); return true })()`,
  )
  const reports = await poll(
    async () => {
      const found = await session.ff.chromeEvaluate<string[]>(CSP_REPORTS)
      return found.length > 0 ? found : null
    },
    { what: 'a CSP report for the injected inline script' },
  )
  assert.match(reports.join('\n'), /script-src/)
})
