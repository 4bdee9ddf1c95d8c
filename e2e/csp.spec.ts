// The extension pages' CSP (manifest.json) in real Chromium: strict enough to block what no page
// needs, loose enough that the panel, the devtools page and the worker's probes run without a
// single violation.
import { expect, test } from './support/fixtures'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true })()`

interface LogEntry {
  entry: { source: string; level: string; text: string }
}

test('the panel in DevTools and the devtools page run a capture, a probe and a detail view without a CSP violation', async ({
  panel,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
  await panel.poll(click('#md-list [data-kind="wrong-method"]'))
  // The detail draws the severity icons (data: SVG in the stylesheet), inline style properties,
  // the probe's answer (a worker fetch) and the RFC/MDN links.
  await panel.poll(`document.querySelector('.detail tr[data-source="probe-allow"]') !== null`, {
    timeout: 15_000,
  })
  await panel.poll(`document.querySelectorAll('.detail .links a[href^="https://"]').length === 2`)
  // Log.enable replays what was logged so far (an inline script injected into the panel shows up
  // here, checked by hand): CSP refusals are "security" entries.
  const violations: string[] = []
  for (const session of [panel.panelSession, panel.devtoolsPage]) {
    const off = session.on('Log.entryAdded', (p) => {
      const { entry } = p as LogEntry
      if (entry.source === 'security' || /Content Security Policy/i.test(entry.text))
        violations.push(`${session.info.url}: ${entry.text}`)
    })
    await session.send('Log.enable')
    await session.send('Log.disable')
    off()
  }
  expect(violations).toEqual([])
})

test('the worker fetches http(s) origins (probes) but nothing else: the CSP covers it too', async ({
  extension,
  demo,
}) => {
  const results = await extension.swEvaluate(`(async () => {
    const attempt = (url, init) => fetch(url, init).then((r) => 'status ' + r.status, (e) => 'refused: ' + e.message)
    return {
      http: await attempt(${JSON.stringify(`${demo.origin}/api/items`)}, { method: 'OPTIONS', credentials: 'omit' }),
      data: await attempt('data:text/plain,x'),
    }
  })()`)
  expect(results).toEqual({
    http: expect.stringMatching(/^status \d{3}$/),
    data: expect.stringMatching(/^refused/),
  })
})

test('an extension page refuses what its CSP leaves out: remote images, inline script', async ({
  extension,
  demo,
}) => {
  const tab = await extension.openPanelTab('')
  await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.mdMode)).toBe('standalone')
  const refused = await tab.evaluate(async (origin) => {
    const seen: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective))
    // A remote image through CSSOM (what the lint plugins leave alone): img-src refuses it.
    const box = document.createElement('div')
    box.style.cssText = `width:1px;height:1px;background-image:url("${origin}/pixel.png")`
    const script = document.createElement('script')
    script.textContent = 'window.mdInline = 1'
    document.body.append(box, script)
    await new Promise((r) => setTimeout(r, 500))
    box.remove()
    script.remove()
    // Chromium enforces its own MV3 minimum beside ours: each refusal may be reported twice.
    return { inlineRan: 'mdInline' in window, seen: [...new Set(seen)].sort() }
  }, demo.origin)
  expect(refused).toEqual({ inlineRan: false, seen: ['img-src', 'script-src-elem'] })
})
