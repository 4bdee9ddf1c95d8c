import { resolve } from 'node:path'
import { startDemoApi } from './demo-api/server'
import { getTargets, sendRaw, TargetSession } from './support/cdp-target'
import { browserSession, openExtensionPanel, pageTargetId, poll } from './support/devtools-cdp'
import { devtoolsPagePath, PANEL_PATH, PANEL_TITLE } from './support/extension-paths'
import { KINDS_OF_ROW } from './support/findings'
import { expect, test } from './support/fixtures'
import { launchExtension } from './support/launch'
import { panelSays } from './support/panel-says'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const run = (id: string) => (window as unknown as DemoWindow).runScenario(id)

test('a hostile server: the panel shows payloads as text; nothing runs, nothing is injected, no unsafe link', async ({
  panel,
}) => {
  await panel.panelSession.send('Page.enable', {})
  let dialogs = 0
  panel.panelSession.on('Page.javascriptDialogOpening', () => {
    dialogs++
  })
  await panel.page.evaluate(run, 'hostile')
  await panel.poll('document.querySelector(\'#md-list [data-kind="redirect-method-change"]\')')
  // Open every detail section the finding has, so every string is on screen.
  await panel.evaluate(
    '(document.querySelector(\'#md-list [data-kind="redirect-method-change"]\').click(), true)',
  )
  await panel.poll('document.querySelector(\'.detail[data-kind="redirect-method-change"]\')')
  const report = await panel.evaluate<{
    pwned: unknown
    injected: number
    badLinks: string[]
    text: string
    longest: number
  }>(`(() => ({
    pwned: window.__pwned,
    injected: document.querySelectorAll('[onerror], [onload], script:not([src]), iframe, object, embed, img, svg[onload]').length,
    badLinks: Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href')).filter((h) => !/^https?:/.test(h)),
    text: document.body.innerText,
    longest: Math.max(...Array.from(document.querySelectorAll('.detail *'), (e) => e.childElementCount === 0 ? (e.textContent || '').length : 0)),
  }))()`)
  expect(report.pwned).toBeUndefined()
  expect(report.injected).toBe(0)
  expect(report.badLinks).toEqual([])
  // The payloads are there, as text the user can read.
  expect(report.text).toContain('<svg onload=')
  expect(report.text).toContain('x-request-id: <img src=x onerror="window.__pwned=1">')
  expect(report.text).toContain('cf-ray: javascript:window.__pwned=1')
  // Right-to-left overrides are neutralised, not rendered.
  expect(report.text).not.toContain('\u202e')
  // Long values are truncated readably (the full value stays in a title attribute).
  expect(report.longest).toBeLessThan(2000)
  expect(await panel.devtoolsPage.evaluate('window.__pwned')).toBeUndefined()
  expect(dialogs).toBe(0)
})

test('web pages and other extensions cannot talk to the worker', async () => {
  const demo = await startDemoApi()
  const launched = await launchExtension({ extraExtensions: [resolve('e2e/fixtures/other-extension')] })
  try {
    const { context, extensionId } = launched
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${demo.origin}/`)
    // No externally_connectable: a web page has no way to reach the extension at all.
    const fromPage = await page.evaluate((id) => {
      const rt = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
      if (!rt || typeof rt.sendMessage !== 'function') return 'no runtime messaging'
      try {
        ;(rt.sendMessage as (id: string, m: object) => void)(id, { type: 'devtools/probe-request' })
        return 'sent'
      } catch (err) {
        return String(err)
      }
    }, extensionId)
    expect(fromPage).not.toBe('sent')
    const stranger = await poll(
      () => context.serviceWorkers().find((w) => w.url().endsWith('/background.js')),
      { what: 'other extension' },
    )
    demo.clearLog()
    const probe = {
      type: 'devtools/probe-request',
      id: 1,
      tabId: 1,
      request: {
        endpoint: `POST ${demo.origin}/api/items`,
        url: `${demo.origin}/api/items`,
        method: 'POST',
        suspect: true,
        knownToExist: false,
      },
      mode: 'full',
      fresh: true,
    }
    const answer = await stranger.evaluate(
      ([id, m]) =>
        (
          globalThis as unknown as { tryMethodDoctor(id: string, m: object): Promise<unknown> }
        ).tryMethodDoctor(id as string, m as object),
      [extensionId, probe] as const,
    )
    expect(answer).toMatchObject({
      sendError: expect.stringMatching(/Receiving end does not exist|Could not establish connection/),
    })
    expect((answer as { port: { disconnected?: string } }).port.disconnected).toBeDefined()
    expect(demo.log().filter((r) => r.method === 'OPTIONS')).toEqual([])
  } finally {
    await launched.close()
    await demo.close()
  }
})

test('a burst of 2,000 requests: the panel counts exactly what DevTools itself recorded', async ({
  panel,
}) => {
  test.setTimeout(90_000)
  await panel.page.evaluate(async () => {
    const one = (i: number) =>
      (i % 200 === 0 ? fetch('/api/items', { method: 'POST', body: '{}' }) : fetch(`/api/items?i=${i}`)).then(
        (r) => r.text(),
        () => '',
      )
    for (let i = 0; i < 2000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => one(i + k)))
  })
  const har = 'new Promise((r) => chrome.devtools.network.getHAR((h) => r(h.entries.length)))'
  await expect
    .poll(
      async () => {
        const ours = (await panel.hook.stats()).entries
        const devtools = await panel.devtoolsPage.evaluate<number>(har)
        // The numbers themselves in the failure message say which side is short.
        return ours === devtools && ours >= 2000 ? 'equal' : `ours ${ours}, DevTools ${devtools}`
      },
      { timeout: 60_000 },
    )
    .toBe('equal')
  await expect.poll(async () => (await panel.hook.findings()).map((f) => f.count)).toEqual([10])
  // The panel shows the same count in its footer.
  await expect
    .poll(() => panel.evaluate<string>('document.body.innerText'))
    .toMatch(/2[,.\u202f\u00a0]?0\d\d requests/)
})

test('DevTools closed and reopened: the panel starts clean and backfills what the new DevTools saw', async ({
  extension,
  demo,
}) => {
  const { context, extensionId, distPath } = extension
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto(`${demo.origin}/`)
  const target = {
    extensionId,
    title: PANEL_TITLE,
    panelPath: PANEL_PATH,
    devtoolsPath: devtoolsPagePath(distPath),
  }
  const first = await openExtensionPanel(context, page, target)
  await page.evaluate(run, 'get-only')
  await expect
    .poll(() => first.panel.evaluate<number>("document.querySelectorAll('#md-list [data-kind]').length"))
    .toBe(1)
  // Close this DevTools window.
  const browser = await browserSession(context)
  const pageId = await pageTargetId(context, page)
  const devtools = (await getTargets(browser)).find(
    (t) => t.type === 'page' && t.url.startsWith('devtools://') && t.url.includes(pageId.slice(0, 0)),
  )
  const { targetId } = await sendRaw<{ targetId: string }>(browser, 'Target.getDevToolsTarget', {
    targetId: pageId,
  })
  await sendRaw(browser, 'Target.closeTarget', { targetId: targetId ?? devtools?.targetId })
  await poll(
    async () => !(await getTargets(browser)).some((t) => t.url.includes('/src/devtools/devtools.html')),
    { what: 'devtools page gone' },
  )
  // Reopen with the extension's devtools page held before its first line runs: a request that
  // finishes meanwhile reaches it only through the getHAR() backfill, never through an event.
  const reopened = await sendRaw<{ targetId: string }>(browser, 'Target.openDevTools', { targetId: pageId })
  const frontendInfo = (await getTargets(browser)).find((t) => t.targetId === reopened.targetId)!
  const frontend = await TargetSession.attach(browser, frontendInfo)
  // Every frame the new DevTools starts is held (the devtools page's URL is not known yet then).
  const held = new Map<string, string>()
  frontend.on('Target.attachedToTarget', (p) => {
    const { sessionId, targetInfo, waitingForDebugger } = p as {
      sessionId: string
      targetInfo: { targetId: string }
      waitingForDebugger: boolean
    }
    if (waitingForDebugger) held.set(targetInfo.targetId, sessionId)
  })
  await frontend.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: false,
  })
  await expect.poll(() => held.size).toBeGreaterThan(0)
  const before = demo.log().length
  await page.evaluate(run, 'no-allow')
  await expect.poll(() => demo.log().length).toBeGreaterThan(before)
  for (const sessionId of held.values())
    await frontend.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger' }),
    })
  await frontend.send('Target.setAutoAttach', {
    autoAttach: false,
    waitForDebuggerOnStart: false,
    flatten: false,
  })
  const devtoolsPageTarget = await poll(
    async () => (await getTargets(browser)).find((t) => t.url.includes('/src/devtools/devtools.html')),
    { what: 'devtools page back' },
  )
  // It really was held until the request had finished.
  expect(held.has(devtoolsPageTarget.targetId)).toBe(true)
  const second = await openExtensionPanel(context, page, target)
  await expect
    .poll(async () =>
      (
        await second.panel.evaluate<string[]>(
          `Array.from(document.querySelectorAll('#md-list [data-kind]'), (e) => ${KINDS_OF_ROW}(e).map((k) => k + ' ' + new URL(e.dataset.url).pathname)).flat()`,
        )
      ).sort(),
    )
    .toEqual(['missing-allow-header /api/reports', 'wrong-method /api/reports'])
})

test('the demo API dies mid-session: the network error is shown and the panel keeps working', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(run, 'get-only')
  await expect.poll(async () => (await panel.findings()).length).toBe(1)
  await demo.close()
  // A cross-origin PUT to the dead server: no response at all.
  const outcome = await panel.page.evaluate(() =>
    fetch('/api/items', { method: 'POST', body: '{}' }).then(
      (r) => String(r.status),
      (e) => String(e),
    ),
  )
  expect(outcome).toContain('Failed to fetch')
  // Probe again: the worker reports the network error as a result, not a crash.
  const endpoint = (await panel.hook.probes())[0]?.endpoint
  expect(endpoint).toBeDefined()
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/probe-again', endpoint: endpoint! }))
  await expect
    .poll(async () => {
      const p = (await panel.hook.probes())[0]
      return p?.state === 'done' ? p.result?.steps[0]?.outcome : null
    })
    .toBe('network-error')
  // The panel still lists the finding and still answers, and its detail shows the network error.
  // The POST to the dead server may be listed too, as information only (request-failed), on the
  // same request's row.
  const kinds = (await panel.findings()).map((f) => f.kind)
  expect(kinds.filter((k) => k !== 'request-failed')).toEqual(['wrong-method'])
  expect(await panel.evaluate<string>('document.documentElement.dataset.mdReady')).toBe('1')
  await panel.poll(`(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), true)`)
  const step = await panel.poll<string>(
    `document.querySelector('.steps tr[data-step="OPTIONS"]')?.innerText || null`,
  )
  expect(step).toMatch(/network error/i)
})
