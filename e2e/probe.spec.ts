import { probeEndpoints } from './demo-api/scenarios'
import { type LoggedRequest, startDemoApi } from './demo-api/server'
import { expect, test } from './support/fixtures'
import { panelSays } from './support/panel-says'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const fromExtension = (r: LoggedRequest) => (r.headers.origin ?? '').startsWith('chrome-extension://')

test('the worker probes a 405 with exactly one OPTIONS, no cookies, never the original method; the panel shows it; Probe again sends one more', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() => {
    document.cookie = 'session=top-secret; path=/'
  })
  demo.clearLog()
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  const probe = await panel.hook.probes([])
  await expect
    .poll(async () => (await panel.hook.probes([])).find((p) => p.endpoint.endsWith('/api/items'))?.state)
    .toBe('done')
  const done = (await panel.hook.probes([])).find((p) => p.endpoint.endsWith('/api/items'))!
  expect(done.result!.steps.map((s) => `${s.method} ${s.status} ${s.headers.allow}`)).toEqual([
    'OPTIONS 200 GET, HEAD, OPTIONS',
  ])
  expect(probe).toBeDefined()
  const log = demo.log().filter((r) => r.path === '/api/items')
  // The page's own POST (with its cookie), then the worker's single OPTIONS (without).
  expect(log.map((r) => r.method)).toEqual(['POST', 'OPTIONS'])
  expect(log[0]!.headers.cookie).toContain('session=top-secret')
  expect(log[1]!.headers.cookie).toBeUndefined()
  expect(log[1]!.headers.authorization).toBeUndefined()
  expect(fromExtension(log[1]!)).toBe(true)

  // The panel shows the probe's answer beside the method used, with its source.
  await panel.poll(
    `(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), !!document.querySelector('.detail'))`,
  )
  const probeRow = await panel.poll<string>(
    `document.querySelector('.detail tr[data-source="probe-allow"]')?.innerText || null`,
  )
  expect(probeRow).toMatch(/GET[\s\S]*HEAD[\s\S]*OPTIONS/)
  expect(probeRow).toContain('OPTIONS 200')
  // "Probe again" sends one fresh OPTIONS (the cached answer is not reused), still without cookies.
  await panel.poll(`(document.querySelector('[data-action="probe-again"]')?.click(), true)`)
  await expect
    .poll(() =>
      demo
        .log()
        .filter((r) => r.path === '/api/items')
        .map((r) => r.method),
    )
    .toEqual(['POST', 'OPTIONS', 'OPTIONS'])
  expect(demo.log().filter((r) => r.path === '/api/items')[2]!.headers.cookie).toBeUndefined()
})

test('the proxy scenario: the app behind the gateway allows DELETE, so the 405 is blocked-by-proxy', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('proxy'))
  await expect
    .poll(async () => {
      const f = (await panel.hook.findings())[0]
      return f ? [f.kind, f.evidence.some((e) => e.id === 'ev_probe_allows_method')] : null
    })
    .toEqual(['blocked-by-proxy', true])
  expect(
    demo
      .log()
      .filter((r) => r.path === '/api/files/42')
      .map((r) => r.method),
  ).toEqual(['DELETE', 'OPTIONS'])
  await expect.poll(async () => (await panel.findings()).map((f) => f.kind)).toEqual(['blocked-by-proxy'])
})

test('a storm of 500 failing requests over 5 endpoints sends one OPTIONS per endpoint', async ({
  panel,
  demo,
}) => {
  demo.clearLog()
  await panel.page.evaluate(async (paths) => {
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        fetch(paths[i % paths.length]!, { method: 'POST', body: '{}' }).then(
          (r) => r.text(),
          () => undefined,
        ),
      ),
    )
  }, probeEndpoints.storm)
  await expect
    .poll(async () => (await panel.hook.stats()).entries, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(500)
  await expect
    .poll(async () => (await panel.hook.probes([])).filter((p) => p.state === 'done').length)
    .toBe(5)
  const options = demo.log().filter((r) => r.method === 'OPTIONS')
  expect(options.map((r) => r.path).sort()).toEqual([...probeEndpoints.storm].sort())
  const findings = await panel.hook.findings()
  expect(findings.map((f) => f.count)).toEqual([100, 100, 100, 100, 100])
})

test('the worker is stopped during a slow probe and the result still arrives', async ({
  panel,
  demo,
  extension,
}) => {
  await panel.page.evaluate(
    (path) => fetch(path, { method: 'POST' }).then((r) => r.text()),
    probeEndpoints.slow,
  )
  await expect
    .poll(() => demo.log().filter((r) => r.method === 'OPTIONS' && r.path === probeEndpoints.slow).length)
    .toBe(1)
  await extension.stopServiceWorker()
  await expect
    .poll(
      async () => (await panel.hook.probes([])).find((p) => p.endpoint.endsWith(probeEndpoints.slow))?.state,
      { timeout: 20_000 },
    )
    .toBe('done')
  // The lost probe was retried once by the restarted worker.
  expect(demo.log().filter((r) => r.method === 'OPTIONS' && r.path === probeEndpoints.slow).length).toBe(2)
})

test('a restarted worker keeps the answers it had: a repeat within the minute sends nothing', async ({
  panel,
  demo,
  extension,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  const optionsSent = () => demo.log().filter((r) => r.method === 'OPTIONS' && r.path === '/api/items').length
  await expect.poll(optionsSent).toBe(1)
  const done = async () => (await panel.hook.probes([])).find((p) => p.endpoint.endsWith('/api/items'))?.state
  await expect.poll(done).toBe('done')
  await extension.stopServiceWorker()
  // The panel is cleared, so the devtools page asks again; the new worker answers from storage.session.
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/clear' }))
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  await expect.poll(done, { timeout: 20_000 }).toBe('done')
  expect(optionsSent()).toBe(1)
})

test('without host permission no probe is sent and the panel offers the grant', async ({
  panel,
  demo,
  extension,
}) => {
  await extension.setHostAccess({ withhold: true })
  demo.clearLog()
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  await expect
    .poll(async () => (await panel.hook.probes([])).find((p) => p.endpoint.endsWith('/api/items'))?.state)
    .toBe('no-permission')
  expect(demo.log().filter((r) => r.method === 'OPTIONS')).toEqual([])
  // The finding itself is still there, with the 405's own Allow.
  await expect.poll(async () => (await panel.findings()).map((f) => f.kind)).toEqual(['wrong-method'])
  // The panel offers the grant for exactly that host, and says what a probe would add.
  await panel.evaluate("(document.querySelector('#md-list [data-kind]').click(), true)")
  const grant = await panel.poll<string>(
    'document.querySelector(\'[data-action="allow-probing"]\')?.textContent',
  )
  expect(grant).toContain('127.0.0.1')
})

test('credentials are off by default; turned on for the origin, the probe carries the cookie; turned off, it stops', async ({
  panel,
  demo,
}) => {
  await panel.page.context().addCookies([{ name: 'session', value: 'top-secret', url: demo.origin }])
  demo.clearLog()
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  const probes = () => demo.log().filter((r) => r.method === 'OPTIONS' && r.path === '/api/items')
  await expect.poll(() => probes().length).toBe(1)
  expect(probes()[0]!.headers.cookie).toBeUndefined()
  await panel.poll(
    `(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), !!document.querySelector('.detail'))`,
  )
  const box = `document.querySelector('[data-action="probe-credentials"]')`
  expect(await panel.poll<boolean>(`${box} && !${box}.checked`)).toBe(true)
  expect(await panel.evaluate<string>(`${box}.closest('label').textContent`)).toContain('127.0.0.1')

  // On: one fresh OPTIONS, with the page's cookie, and the panel says so.
  await panel.evaluate(`(${box}.click(), true)`)
  await expect.poll(() => probes().length).toBe(2)
  expect(probes()[1]!.headers.cookie).toContain('session=top-secret')
  await panel.poll(`document.querySelector('[data-sent-with-credentials]')`)
  expect(await panel.evaluate<string>(`document.querySelector('.cred').dataset.credentials`)).toBe('on')

  // Off again: the next probe is anonymous, and the tag is gone.
  await panel.evaluate(`(${box}.click(), true)`)
  await expect.poll(() => probes().length).toBe(3)
  expect(probes()[2]!.headers.cookie).toBeUndefined()
  await expect
    .poll(() => panel.evaluate<boolean>(`!document.querySelector('[data-sent-with-credentials]')`))
    .toBe(true)
  // Never the original method, whatever the setting.
  expect(
    demo
      .log()
      .filter((r) => r.path === '/api/items')
      .map((r) => r.method),
  ).toEqual(['POST', 'OPTIONS', 'OPTIONS', 'OPTIONS'])
})

test('another loopback port is not probed until the user clicks for it; the page’s own origin still is; Stop takes the click back', async ({
  panel,
  demo,
  extension,
}) => {
  // A second server on another port of the same loopback host: the manifest's host permission
  // covers it, so only the worker's own rule keeps probes away.
  const other = await startDemoApi()
  try {
    const target = `${other.origin}/api/items`
    const endpoint = `POST ${target}`
    // An entry of the old per-target cookie list: it must grant nothing for the new pair.
    await extension.swEvaluate(
      `chrome.storage.local.set({ 'md.probeCredentials': ${JSON.stringify(JSON.stringify([other.origin]))} }).then(() => true)`,
    )
    // A restarted worker (as after an update) drops that list; until then it is never read.
    await extension.stopServiceWorker()
    await extension.wakeServiceWorker()
    await panel.page.context().addCookies([{ name: 'session', value: 'old-optin', url: other.origin }])
    const atOther = () => other.log().filter((r) => r.path === '/api/items')
    const state = async () => (await panel.hook.probes([])).find((p) => p.endpoint === endpoint)
    // The inspected page's script gets a 405 from the other port (no CORS needed to cause it).
    await panel.page.evaluate(
      (url) => fetch(url, { method: 'POST', mode: 'no-cors', body: 'x' }).then(() => true),
      target,
    )
    await expect.poll(async () => (await state())?.reason).toBe('not-approved')
    expect(await state()).toMatchObject({ state: 'no-permission', site: demo.origin })
    // The server's log proves it: the page's POST and nothing from the extension.
    expect(atOther().map((r) => r.method)).toEqual(['POST'])

    // The page's own origin is still probed without asking.
    await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
    await expect
      .poll(() => demo.log().filter((r) => r.method === 'OPTIONS' && r.path === '/api/items').length)
      .toBe(1)

    // The panel says why and offers the click, naming the port.
    const row = `document.querySelector('#md-list [data-url=${JSON.stringify(target).replace(/"/g, '\\"')}]')`
    await panel.poll(`(${row}?.click(), !!document.querySelector('.detail .permission'))`)
    const box = await panel.evaluate<string>(`document.querySelector('.detail .permission').textContent`)
    expect(box).toContain(`${new URL(other.origin).host} is not the inspected page's own origin`)
    const allow = `document.querySelector('.detail [data-action="allow-probing"]')`
    expect(await panel.evaluate<string>(`${allow}.textContent`)).toContain(new URL(other.origin).host)
    await panel.panelSession.send('Runtime.evaluate', { expression: `${allow}.click()`, userGesture: true })

    // After the click: exactly the allowed probe, one anonymous OPTIONS, reaches the other port.
    await expect.poll(async () => (await state())?.state).toBe('done')
    expect(atOther().map((r) => r.method)).toEqual(['POST', 'OPTIONS'])
    expect(atOther()[1]!.headers.cookie).toBeUndefined()
    expect(
      await extension.swEvaluate<unknown>(
        `chrome.storage.local.get(['md.probeApprovals', 'md.probeCredentials']).then((s) => s)`,
      ),
    ).toEqual({ 'md.probeApprovals': JSON.stringify([[demo.origin, other.origin]]) })
    // The cookie box names both the target and the inspected site, and starts off.
    const cred = await panel.poll<string>(`document.querySelector('.detail .cred')?.textContent`)
    expect(cred).toContain(new URL(other.origin).host)
    expect(cred).toContain(new URL(demo.origin).host)

    // Stop: the pair is gone, the worker refuses the re-probe, the button is back, nothing more is sent.
    await panel.poll(`(document.querySelector('.detail [data-action="stop-probing"]')?.click(), true)`)
    await expect.poll(async () => (await state())?.reason).toBe('not-approved')
    await panel.poll(allow)
    expect(atOther().map((r) => r.method)).toEqual(['POST', 'OPTIONS'])
  } finally {
    await other.close()
  }
})

test('a page that requests another loopback port, then navigates the tab there (Preserve log on), gets no probe sent; the new page’s own request is probed', async ({
  panel,
  demo,
}) => {
  // Issue 14 review, finding 9, in real Chromium: the page on port A picks a URL on port B, gets
  // a 405, then sets location to B. B is now the inspected site, but B's page chose nothing.
  const other = await startDemoApi()
  try {
    const target = `${other.origin}/api/items?all=1`
    const endpoint = `POST ${other.origin}/api/items`
    const state = async () => (await panel.hook.probes([])).find((p) => p.endpoint === endpoint)
    // Anything at B's API other than the pages' own POSTs came from the extension (paths keep their query).
    const probesAtB = () => other.log().filter((r) => r.path.startsWith('/api/') && r.method !== 'POST')
    const box = `document.querySelector('input[data-setting="preserveLog"]')`
    // A click before the panel's first snapshot is undone by it: click until the box stays ticked.
    await expect(async () => {
      await panel.evaluate(`(() => { const el = ${box}; if (el && !el.checked) el.click(); return true })()`)
      await new Promise((r) => setTimeout(r, 300))
      expect(await panel.evaluate<boolean>(`!!${box}?.checked`)).toBe(true)
    }).toPass()

    await panel.page.evaluate(
      (url) => fetch(url, { method: 'POST', mode: 'no-cors', body: 'x' }).then(() => true),
      target,
    )
    await expect.poll(async () => (await state())?.reason).toBe('not-approved')
    expect(await state()).toMatchObject({ site: demo.origin })

    const navigations = () => panel.hook.navigations()
    const before = await navigations()
    await panel.page.evaluate((url) => location.assign(url), `${other.origin}/`)
    await expect.poll(navigations).toBe(before + 1)
    await panel.page.waitForLoadState('load')
    // Time for the devtools page and the worker to act on the navigation, as they used to.
    await new Promise((r) => setTimeout(r, 1500))
    expect(probesAtB()).toEqual([])
    expect(await state()).toMatchObject({ state: 'no-permission', reason: 'not-approved', site: demo.origin })
    expect(other.log().map((r) => `${r.method} ${r.path}`)).toContain('POST /api/items?all=1')

    // B's page requests the same URL itself: B's own, probed without a click, and judged under B.
    await panel.page.evaluate(
      (url) => fetch(url, { method: 'POST', body: 'x' }).then((r) => r.text()),
      target,
    )
    await expect
      .poll(() => probesAtB().map((r) => `${r.method} ${r.path}`))
      .toEqual(['OPTIONS /api/items?all=1'])
    await expect.poll(async () => (await state())?.state).toBe('done')
    expect(await state()).toMatchObject({ site: other.origin })
  } finally {
    await other.close()
  }
})
