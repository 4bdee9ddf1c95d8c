// Try the fix in real Firefox against the demo API's request log: the consent dialog appears,
// Cancel sends nothing; Send sends exactly one request from the page (its cookie) with the
// corrected method, and the finding reads the verdict. On a page Firefox refuses eval on, the
// button says why and offers the call to copy; nothing is sent.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { LoggedRequest } from '../demo-api/request-log'
import type { DemoApi } from '../demo-api/server'
import { panelSays } from '../support/panel-says'
import { contextOf } from './bidi'
import { type FirefoxHarness, firefoxOnDemo, poll, showPanel } from './support'

let demo: DemoApi
let ff: FirefoxHarness

before(async () => {
  ;({ demo, ff } = await firefoxOnDemo())
})

after(async () => {
  await ff?.close()
  await demo?.close()
})

const TRY = '.detail [data-try-button]'
const DIALOG = 'dialog[data-try-dialog][open]'
const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el || el.disabled || el.getAttribute('aria-disabled') === 'true') return false; el.click(); return true })()`
const traffic = (log: LoggedRequest[]) => log.map((r) => `${r.method} ${r.path}`)

test('Try the fix in Firefox: consent first, Cancel sends nothing, Send sends one request with the page cookie and the corrected method', async () => {
  const toolbox = ff.toolbox()
  const inPanel = <T>(expression: string) => toolbox.evaluateInPanel<T>(expression)
  const until = <T>(expression: string, what: string) =>
    poll(() => inPanel<T>(expression), { what, timeout: 15_000 })
  await toolbox.evaluateInDevtoolsPage(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  await ff.page.setCookie({ name: 'md_try', value: 'page-cookie-ff', url: `${demo.origin}/` })
  // POST /api/orders → 301 → GET /api/orders/ 405: the fix is POST /api/orders/ (201 there).
  await ff.page.evaluate(() =>
    (window as unknown as { runScenario(id: string): Promise<unknown> }).runScenario('slash-301'),
  )
  await showPanel(toolbox)
  await until(click('#md-list [data-kind="redirect-method-change"]'), 'the slash-301 row')
  await until(`document.querySelector(${JSON.stringify(TRY)})`, 'the Try the fix button')
  demo.clearLog()

  await until(click(TRY), 'a click on Try the fix')
  const shown = await until<{ method: string; url: string; risk: string; body: string } | null>(
    `(() => { const d = document.querySelector(${JSON.stringify(DIALOG)}); return d && { method: d.querySelector('[data-try-method]').textContent, url: d.querySelector('[data-try-url]').textContent, risk: d.querySelector('#md-try-risk').textContent, body: d.querySelector('textarea').value } })()`,
    'the consent dialog',
  )
  assert.deepEqual(shown, {
    method: 'POST',
    url: `${demo.origin}/api/orders/`,
    risk: 'POST is not a safe method: this request may change data on the server.',
    body: '{"item":1,"qty":2}',
  })
  if (process.env.SCREENSHOTS) await ff.screenshot(`${process.env.SCREENSHOTS}/try-fix-dialog-firefox.png`)
  await until(click(`${DIALOG} [data-try-cancel]`), 'Cancel')
  await until(`!document.querySelector(${JSON.stringify(DIALOG)})`, 'the dialog gone')
  await new Promise((r) => setTimeout(r, 1500))
  assert.deepEqual(traffic(demo.log()), [])

  await until(click(TRY), 'a second click on Try the fix')
  await until(click(`${DIALOG} [data-try-send]`), 'Send')
  const verdict = await until<string | null>(
    `document.querySelector('.detail [data-try-verdict]')?.textContent || null`,
    'the verdict',
  ).catch(async (e: unknown) => {
    throw new Error(
      `${String(e)}: ${await inPanel<string>(`document.querySelector('.detail .try-fix')?.textContent ?? ''`)}`,
    )
  })
  assert.equal(verdict, 'fix verified — POST → 201')
  if (process.env.SCREENSHOTS) await ff.screenshot(`${process.env.SCREENSHOTS}/try-fix-verdict-firefox.png`)
  await new Promise((r) => setTimeout(r, 1000))
  const log = demo.log()
  assert.deepEqual(traffic(log), ['POST /api/orders/'])
  assert.match(log[0]!.headers.cookie ?? '', /md_try=page-cookie-ff/)
  assert.equal(log[0]!.headers.referer, `${demo.origin}/`)
})

test('Try the fix in Firefox on a page that refuses eval: the button says why and offers the call to copy', async () => {
  const toolbox = ff.toolbox()
  const inPanel = <T>(expression: string) => toolbox.evaluateInPanel<T>(expression)
  const until = <T>(expression: string, what: string) =>
    poll(() => inPanel<T>(expression), { what, timeout: 15_000 })
  // Keep the finding across the navigation, as Preserve log does.
  await toolbox.evaluateInDevtoolsPage(panelSays({ type: 'panel/settings', settings: { preserveLog: true } }))
  // BiDi waits forever on about: pages: navigate without waiting, then give the toolbox time.
  await ff.bidi.send('browsingContext.navigate', {
    context: contextOf(ff.page),
    url: 'about:robots',
    wait: 'none',
  })
  await new Promise((r) => setTimeout(r, 2000))
  demo.clearLog()
  await showPanel(toolbox)
  await until(click('#md-list [data-kind="redirect-method-change"]'), 'the slash-301 row')
  await until(click(TRY), 'a click on Try the fix')
  await until(click(`${DIALOG} [data-try-send]`), 'Send')
  const said = await until<{ text: string; copy: boolean } | null>(
    `(() => { const c = document.querySelector('.detail [data-try-cannot]'); return c && { text: c.textContent, copy: Boolean(c.querySelector('button')) } })()`,
    'the reason it cannot run',
  ).catch(async (e: unknown) => {
    throw new Error(
      `${String(e)}: ${await inPanel<string>(`document.querySelector('.detail .try-fix')?.textContent ?? ''`)}`,
    )
  })
  // Firefox's own words, shown as text.
  assert.match(said.text, /This page cannot run it \(Inspector protocol error: .*not allowed.*\)/)
  assert.equal(said.copy, true)
  await new Promise((r) => setTimeout(r, 1000))
  assert.deepEqual(traffic(demo.log()), [])
})
