// The real grant flow, headed on a private X display: the panel's button opens Chromium's native
// permission prompt and the "user" answers it with the keyboard (Deny has the focus; Tab reaches
// Allow). Headless Chromium cannot show this prompt; the other probe tests toggle host access
// through chrome://extensions instead.
import type { LoggedRequest } from './demo-api/server'
import { expect, type PanelFixture, test } from './support/fixtures'
import { pixelsChanged, type VirtualDisplay } from './support/virtual-display'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const ALLOW_BUTTON = `document.querySelector('[data-action="allow-probing"]')`
/** The prompt is ~450×200 px: far more changed bytes than a caret or a focus ring. */
const PROMPT_PIXELS = 50_000

test.use({ virtualDisplay: true })

/** The screen once it has not changed for `ms`. */
async function settledScreen(screen: VirtualDisplay, ms: number): Promise<Buffer> {
  let settled: Buffer | null = null
  await expect
    .poll(async () => {
      const a = await screen.pixels()
      await new Promise((r) => setTimeout(r, ms))
      settled = pixelsChanged(a, await screen.pixels()) === 0 ? a : null
      return settled !== null
    })
    .toBe(true)
  return settled!
}

/**
 * Clicks "Allow probing" as a user gesture, waits until the prompt is on screen and has been still
 * for a second (Chromium ignores key presses on a dialog that has just appeared), answers it with
 * `keys`, and waits until it is gone.
 */
async function answerPrompt(panel: PanelFixture, screen: VirtualDisplay, keys: string[]): Promise<void> {
  const before = await settledScreen(screen, 250)
  // userGesture: the click counts as the user's, which permissions.request() requires.
  await panel.panelSession.send('Runtime.evaluate', {
    expression: `${ALLOW_BUTTON}.click()`,
    userGesture: true,
  })
  await expect
    .poll(async () => pixelsChanged(before, await settledScreen(screen, 1_000)), {
      message: 'the permission prompt to appear',
    })
    .toBeGreaterThan(PROMPT_PIXELS)
  await screen.keys(...keys)
  await expect
    .poll(async () => pixelsChanged(before, await screen.pixels()), { message: 'the prompt to close' })
    .toBeLessThan(PROMPT_PIXELS)
}

test('Allow probing opens the browser prompt: Deny sends nothing, Allow sends one OPTIONS and the panel shows the answer', async ({
  panel,
  demo,
  extension,
  xDisplay,
}) => {
  if (!xDisplay) throw new Error('virtualDisplay is on, so the fixture gives a display')
  await extension.setHostAccess({ withhold: true })
  demo.clearLog()
  await panel.page.context().addCookies([{ name: 'session', value: 'top-secret', url: demo.origin }])
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  const itemsProbe = async () =>
    (await panel.hook.probes([])).find((p) => p.endpoint.endsWith('/api/items'))?.state
  const options = (): LoggedRequest[] => demo.log().filter((r) => r.method === 'OPTIONS')
  await expect.poll(itemsProbe).toBe('no-permission')
  await panel.poll(
    `(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), !!document.querySelector('.detail'))`,
  )
  await panel.poll(ALLOW_BUTTON)

  // Deny (the prompt's focused button): the panel says so and nothing is sent.
  await answerPrompt(panel, xDisplay, ['Return'])
  const denied = await panel.poll<string>(
    `document.querySelector('.permission [role="status"]')?.textContent`,
  )
  expect(denied).toBe('Permission was not granted.')
  expect(await itemsProbe()).toBe('no-permission')
  expect((await extension.hostAccess()).hosts.find((h) => h.host === 'http://127.0.0.1/*')?.granted).toBe(
    false,
  )

  // Allow: the worker probes at once with exactly one OPTIONS, without the page's cookie.
  await answerPrompt(panel, xDisplay, ['Tab', 'Return'])
  await expect.poll(itemsProbe).toBe('done')
  expect((await extension.hostAccess()).hosts.find((h) => h.host === 'http://127.0.0.1/*')?.granted).toBe(
    true,
  )
  expect(demo.log().find((r) => r.method === 'POST')?.headers.cookie).toContain('session=top-secret')
  const probes = options().filter((r) => r.path === '/api/items')
  expect(probes).toHaveLength(1)
  expect(probes[0]!.headers.cookie).toBeUndefined()
  expect(
    demo
      .log()
      .filter((r) => r.path === '/api/items')
      .map((r) => r.method),
  ).toEqual(['POST', 'OPTIONS'])
  const probeRow = await panel.poll<string>(
    `document.querySelector('.detail tr[data-source="probe-allow"]')?.innerText || null`,
  )
  expect(probeRow).toMatch(/GET[\s\S]*HEAD[\s\S]*OPTIONS/)
  await expect.poll(() => panel.evaluate<boolean>(`!${ALLOW_BUTTON}`)).toBe(true)
})
