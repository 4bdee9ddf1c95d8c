// Try the fix in real Chromium DevTools, against the demo API's request log: the consent dialog
// appears; Escape and Cancel send nothing; Send sends exactly one request, from the page (its
// cookie) with the corrected method, and the finding reads the verdict.
import type { LoggedRequest } from './demo-api/request-log'
import { expect, type PanelFixture, test } from './support/fixtures'
import { panelSays } from './support/panel-says'
import { poll } from './support/poll'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }

const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el || el.disabled || el.getAttribute('aria-disabled') === 'true') return false; el.click(); return true })()`
const TRY = '.detail [data-try-button]'
const DIALOG = 'dialog[data-try-dialog][open]'
/**
 * A real Escape key in the panel (a synthetic event would not make a dialog cancel): the panel's
 * frame must be the focused one for the browser to route keys to it.
 */
async function pressEscape(panel: PanelFixture): Promise<void> {
  // As a user's click in the panel would: its frame becomes DevTools' focused frame.
  const focusFrame = `(() => { const walk = (root) => { for (const f of root.querySelectorAll('iframe')) if (f.src.includes('/src/panel/')) { f.focus(); return true } for (const el of root.querySelectorAll('*')) if (el.shadowRoot && walk(el.shadowRoot)) return true; return false }; return walk(document) })()`
  await poll(
    async () =>
      (await panel.frontend.evaluate<boolean>(focusFrame)) && panel.evaluate<boolean>('document.hasFocus()'),
    {
      what: 'the panel frame focused',
    },
  )
  for (const type of ['rawKeyDown', 'keyUp'])
    await panel.panelSession.send('Input.dispatchKeyEvent', {
      type,
      key: 'Escape',
      code: 'Escape',
      windowsVirtualKeyCode: 27,
      nativeVirtualKeyCode: 27,
    })
}

/** What the demo server got, DevTools' own housekeeping left out (the log already skips it). */
const traffic = (log: LoggedRequest[]) => log.map((r) => `${r.method} ${r.path}`)

test('Try the fix: consent first, Escape and Cancel send nothing, Send sends one request with the page cookie and the corrected method', async ({
  panel,
  demo,
}, testInfo) => {
  // Probes would add their own requests to the server's log.
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  // The demo page's cookie: the resend must carry it, as the page's own fetch would.
  await panel.page.context().addCookies([{ name: 'md_try', value: 'page-cookie-7', url: `${demo.origin}/` }])
  // POST /api/orders → 301 → GET /api/orders/ 405: the fix is POST /api/orders/ (201 there).
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('slash-301'))
  await panel.poll(click('#md-list [data-kind="redirect-method-change"]'))
  await panel.poll(`document.querySelector(${JSON.stringify(TRY)})`)
  demo.clearLog()

  // The dialog shows what goes; focus is inside it, on Cancel; Escape (a real key) cancels.
  await panel.poll(click(TRY))
  await panel.poll(`document.querySelector(${JSON.stringify(DIALOG)})`)
  const shown = await panel.evaluate<Record<string, string | boolean>>(`(() => {
    const d = document.querySelector(${JSON.stringify(DIALOG)})
    return {
      method: d.querySelector('[data-try-method]').textContent,
      url: d.querySelector('[data-try-url]').textContent,
      risk: d.querySelector('#md-try-risk').textContent,
      body: d.querySelector('textarea').value,
      focusInside: d.contains(document.activeElement),
      focusOnCancel: document.activeElement === d.querySelector('[data-try-cancel]'),
    }
  })()`)
  expect(shown).toEqual({
    method: 'POST',
    url: `${demo.origin}/api/orders/`,
    risk: 'POST is not a safe method: this request may change data on the server.',
    // The page's own body, from DevTools' log: it holds nothing to mask.
    body: '{"item":1,"qty":2}',
    focusInside: true,
    focusOnCancel: true,
  })
  await panel.screenshot(testInfo.outputPath('try-fix-dialog-light.png'))
  await panel.evaluate(
    `(window.__keys = [], document.addEventListener('keydown', (e) => window.__keys.push(e.key), true), true)`,
  )
  await pressEscape(panel)
  await panel
    .poll(`!document.querySelector(${JSON.stringify(DIALOG)})`, { timeout: 5000 })
    .catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}; keys the panel heard: ${await panel.evaluate<string>('JSON.stringify(window.__keys)')}`,
      )
    })
  await panel.poll(`document.activeElement === document.querySelector(${JSON.stringify(TRY)})`)

  // Cancel by its button.
  await panel.poll(click(TRY))
  await panel.poll(click(`${DIALOG} [data-try-cancel]`))
  await panel.poll(`!document.querySelector(${JSON.stringify(DIALOG)})`)
  // Nothing may arrive late: give a stray request time to reach the server.
  await new Promise((r) => setTimeout(r, 1500))
  expect(traffic(demo.log())).toEqual([])

  // Send: exactly one request, the corrected method, the page's cookie; the verdict is shown.
  await panel.poll(click(TRY))
  await panel.poll(click(`${DIALOG} [data-try-send]`))
  const verdict = await panel.poll<string>(
    `document.querySelector('.detail [data-try-verdict]')?.textContent || null`,
    { timeout: 20_000 },
  )
  expect(verdict).toBe('fix verified — POST → 201')
  await panel.screenshot(testInfo.outputPath('try-fix-verdict-light.png'))
  expect(
    await panel.evaluate<string>(`document.querySelector('.detail [data-try-verdict]').dataset.tryVerdict`),
  ).toBe('verified')
  await new Promise((r) => setTimeout(r, 1000))
  const log = demo.log()
  expect(traffic(log)).toEqual(['POST /api/orders/'])
  expect(log[0]!.headers.cookie).toContain('md_try=page-cookie-7')
  // From the page's own context: its origin, not the extension's.
  expect(log[0]!.headers.origin ?? demo.origin).toBe(demo.origin)
  expect(log[0]!.headers.referer).toBe(`${demo.origin}/`)
})

test('Try the fix: a call that still fails reads "still failing", and the dialog in the dark theme', async ({
  panel,
  demo,
}, testInfo) => {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  // DELETE /api/files/42 blocked by a gateway (405): without a probe the fix is the same DELETE.
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('proxy'))
  await panel.poll(click('#md-list [data-url$="/api/files/42"]'))
  await panel.frontend.evaluate<boolean>(
    `(async () => { const Common = await import('./core/common/common.js'); Common.Settings.Settings.instance().moduleSetting('ui-theme').set('dark'); return true })()`,
  )
  await expect
    .poll(() => panel.evaluate<string | undefined>('document.documentElement.dataset.theme'))
    .toBe('dark')
  demo.clearLog()
  await panel.poll(click(TRY))
  await panel.poll(`document.querySelector(${JSON.stringify(DIALOG)})`)
  await panel.screenshot(testInfo.outputPath('try-fix-dialog-dark.png'))
  await panel.poll(click(`${DIALOG} [data-try-send]`))
  const verdict = await panel.poll<string>(
    `document.querySelector('.detail [data-try-verdict]')?.textContent || null`,
    { timeout: 20_000 },
  )
  expect(
    verdict,
    await panel.evaluate<string>("document.querySelector('.detail .try-fix')?.outerHTML ?? ''"),
  ).toBe('still failing — DELETE → 405')
  await new Promise((r) => setTimeout(r, 500))
  expect(traffic(demo.log())).toEqual(['DELETE /api/files/42'])
})

test('Try the fix: a call the browser blocks (preflight rejected) reads "unknown", and only the preflight reached the server', async ({
  panel,
  demo,
}) => {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  // Cross-origin PUT whose preflight the other server rejects: the fix is the same call.
  await panel.page.evaluate(() =>
    (window as unknown as DemoWindow).runScenario('cors').catch(() => undefined),
  )
  await panel.poll(click('#md-list [data-kind="cors-preflight-rejected"]'))
  demo.clearLog()
  await panel.poll(click(TRY))
  const url = await panel.poll<string>(
    `document.querySelector('${DIALOG} [data-try-url]')?.textContent || null`,
  )
  expect(url).toBe(`${demo.corsOrigin}/api/settings`)
  await panel.poll(click(`${DIALOG} [data-try-send]`))
  const verdict = await panel.poll<string>(
    `document.querySelector('.detail [data-try-verdict]')?.textContent || null`,
    { timeout: 25_000 },
  )
  expect(verdict).toBe('unknown — PUT: no answer')
  expect(traffic(demo.log())).toEqual(['OPTIONS /api/settings'])
})
