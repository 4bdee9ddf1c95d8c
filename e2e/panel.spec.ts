import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { expectedWithoutProbe } from './demo-api/scenarios'
import { KINDS_OF_ROW } from './support/findings'
import { expect, test } from './support/fixtures'
import { panelSays } from './support/panel-says'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown>; runAll(): Promise<void> }
const run = (id: string) => (window as unknown as DemoWindow).runScenario(id)
// One line per finding: `kind METHOD /path`, each kind of a request's row on its own line.
const rowsExpr = `Array.from(document.querySelectorAll('#md-list [data-kind]'), (e) => ${KINDS_OF_ROW}(e).map((k) => k + ' ' + e.dataset.method + ' ' + new URL(e.dataset.url).pathname)).flat().sort()`
// One line per row: `METHOD /path: kind kind`.
const requestRowsExpr =
  "Array.from(document.querySelectorAll('#md-list [data-kind]'), (e) => e.dataset.method + ' ' + new URL(e.dataset.url).pathname + ': ' + e.dataset.kinds).sort()"
const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true })()`

test('the detail draws the redirect chain hop by hop, the method change and allowed methods per source', async ({
  panel,
}) => {
  await panel.page.evaluate(run, 'slash-301')
  await panel.poll(click('#md-list [data-kind="redirect-method-change"]'))
  const detail = await panel.poll<{
    title: string
    hops: string[]
    methods: string
    snippet: string
  }>(`(() => {
    const d = document.querySelector('.detail[data-kind="redirect-method-change"]')
    if (!d) return null
    return {
      title: document.querySelector('#md-detail-title').textContent,
      hops: Array.from(d.querySelectorAll('[data-hop]'), (h) => h.innerText.replace(/\\s+/g, ' ').trim()),
      methods: d.querySelector('#allowed, [id$="allowed"]')?.textContent ?? d.textContent,
      snippet: d.textContent,
    }
  })()`)
  expect(detail.title).toContain('Redirect changed the method')
  expect(detail.hops).toHaveLength(2)
  expect(detail.hops[0]).toMatch(/POST .*\/api\/orders 301/)
  expect(detail.hops[0]).toContain('browsers and most clients resend POST as GET')
  expect(detail.hops[1]).toMatch(/GET.*POST → GET.*\/api\/orders\/ 405/)
  expect(detail.methods).toContain('Allow header of the response')
  expect(detail.snippet).toContain("curl -X POST 'http://127.0.0.1:")
})

test('Preserve log: off, a real navigation clears; on, findings survive; a pushState never clears', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(run, 'get-only')
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual(['wrong-method POST /api/items'])
  // SPA navigation: same document, new URL.
  await panel.page.evaluate(() => history.pushState({}, '', '/some/spa/route'))
  await panel.page.evaluate(run, 'no-allow')
  await expect
    .poll(() => panel.evaluate<string[]>(rowsExpr))
    .toEqual([
      'missing-allow-header POST /api/reports',
      'wrong-method POST /api/items',
      'wrong-method POST /api/reports',
    ])
  // A real navigation clears, as the Network panel does.
  await panel.page.goto(`${demo.origin}/`)
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual([])
  // Preserve log on: the next navigation keeps what was found.
  await panel.evaluate(click('input[data-setting="preserveLog"]'))
  await panel.page.evaluate(run, 'get-only')
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual(['wrong-method POST /api/items'])
  await panel.page.goto(`${demo.origin}/`)
  await panel.page.evaluate(run, 'static')
  await expect
    .poll(() => panel.evaluate<string[]>(rowsExpr))
    .toEqual(['static-host POST /static/contact.html', 'wrong-method POST /api/items'])
  // Clear always empties.
  await panel.evaluate(click('[data-action="clear"]'))
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual([])
})

test('language switch: the panel speaks Vietnamese', async ({ panel }) => {
  await panel.page.evaluate(run, 'get-only')
  await panel.poll(click('#md-list [data-kind="wrong-method"]'))
  await expect
    .poll(() => panel.evaluate<string>("document.querySelector('#md-detail-title')?.textContent ?? ''"))
    .toContain('Wrong method')
  await panel.evaluate(
    `(() => { const s = document.querySelector('select[aria-label=Language]'); s.value = 'vi'; s.dispatchEvent(new Event('change', { bubbles: true })); return true })()`,
  )
  await expect
    .poll(() => panel.evaluate<string>("document.querySelector('#md-detail-title')?.textContent ?? ''"))
    .toContain('Sai phương thức')
  await expect.poll(() => panel.evaluate<string>('document.documentElement.lang')).toBe('vi')
})

const setDevtoolsTheme = (panel: { frontend: { evaluate<T>(e: string): Promise<T> } }, theme: string) =>
  panel.frontend.evaluate<boolean>(
    `(async () => { const Common = await import('./core/common/common.js'); Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme)}); return true })()`,
  )

test('theme: follows the DevTools colour scheme and changes with it', async ({ panel }) => {
  const theme = () => panel.evaluate<string | undefined>('document.documentElement?.dataset.theme')
  await expect.poll(theme).toBe('light')
  // Chrome's DevTools theme follows the system by default: when the system turns dark (both the
  // DevTools window and the panel see it), DevTools turns dark and tells the panel.
  const scheme = async (value: string) => {
    for (const target of [panel.frontend, panel.panelSession])
      await target.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value }] })
  }
  await scheme('dark')
  await expect.poll(theme).toBe('dark')
  await scheme('light')
  await expect.poll(theme).toBe('light')
  // DevTools' own theme setting, switched as a user does: followed live (Chrome's
  // setThemeChangeHandler), no reload, and the panel really paints dark.
  await setDevtoolsTheme(panel, 'dark')
  await expect.poll(theme).toBe('dark')
  await expect
    .poll(() => panel.evaluate<string>('getComputedStyle(document.body).backgroundColor'))
    .toBe('rgb(32, 33, 36)')
  // A theme chosen in DevTools wins over the system's: the system turning light changes nothing.
  await scheme('dark')
  await scheme('light')
  expect(await panel.evaluate<boolean>("matchMedia('(prefers-color-scheme: dark)').matches")).toBe(false)
  await panel.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))',
  )
  expect(await theme()).toBe('dark')
  await setDevtoolsTheme(panel, 'default')
  await expect.poll(theme).toBe('light')
})

test('export JSON is the CLI report format and validates against the schema; secrets are redacted', async ({
  panel,
}) => {
  await panel.page.evaluate(() =>
    fetch('/api/items?access_token=pl4nted-secret', { method: 'POST', body: '{}' }).then((r) => r.text()),
  )
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual(['wrong-method POST /api/items'])
  // Capture the download: the panel saves through a Blob URL.
  await panel.evaluate(`(() => {
    window.__exports = []
    const create = URL.createObjectURL
    URL.createObjectURL = (blob) => { blob.text().then((t) => window.__exports.push(t)); return create.call(URL, blob) }
    return true
  })()`)
  await panel.evaluate(click('button[aria-haspopup="dialog"]'))
  await panel.poll(click('[data-export="json"]'))
  const text = await panel.poll<string>('window.__exports[0]')
  const report = JSON.parse(text) as { tool: string; findings: { kind: string; request: { url: string } }[] }
  const schema = JSON.parse(readFileSync('docs/report.schema.json', 'utf8')) as object
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema)
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
  expect(report.findings.map((f) => f.kind)).toEqual(['wrong-method'])
  expect(text).not.toContain('pl4nted-secret')
  expect(report.findings[0]!.request.url).toContain('access_token=REDACTED')
})

test('Copy: the snippet and the Markdown reach the clipboard with the right method and no secret', async ({
  panel,
}) => {
  await panel.page.evaluate(() =>
    fetch('/api/items?access_token=pl4nted-secret', {
      method: 'POST',
      headers: { Authorization: 'Bearer b3arer-secret' },
      body: '{}',
    }).then((r) => r.text()),
  )
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual(['wrong-method POST /api/items'])
  // Record what reaches the clipboard API (the system clipboard itself is the browser's business).
  await panel.evaluate(`(() => {
    window.__copied = []
    navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve() }
    return true
  })()`)
  await panel.poll(click('#md-list [data-kind="wrong-method"]'))
  await panel.poll(click('.snippets button[aria-label]'))
  const snippet = await panel.poll<string>('window.__copied[0]')
  // The corrected call: GET (curl's default), the endpoint's URL, never the POST that failed.
  expect(snippet).toMatch(/^curl '[^']*\/api\/items/)
  expect(snippet).not.toMatch(/-X POST|--request POST|--data/)
  expect(snippet).not.toContain('pl4nted-secret')
  expect(snippet).not.toContain('b3arer-secret')
  // The button says it worked.
  await panel.poll(
    `[...document.querySelectorAll('.snippets button')].some((b) => /Copied/.test(b.textContent))`,
  )
  await panel.poll(
    `(() => { const b = [...document.querySelectorAll('.detail button')].find((x) => /Markdown/.test(x.textContent)); b?.click(); return !!b })()`,
  )
  const md = await panel.poll<string>('window.__copied[1]')
  expect(md).toContain('Wrong method for this endpoint')
  expect(md).not.toContain('pl4nted-secret')
  expect(md).not.toContain('b3arer-secret')
})

test('the toolbar button opens the panel as a page; its HAR import shows the same findings as live capture', async ({
  extension,
  demo,
}) => {
  const page = extension.context.pages()[0] ?? (await extension.context.newPage())
  await page.goto(`${demo.origin}/`)
  const tab = await extension.clickAction(page)
  expect(tab.url()).toBe(extension.url('src/panel/index.html'))
  await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.mdMode)).toBe('standalone')
  await tab.setInputFiles('input[type=file]', 'test/fixtures/har/demo-playwright.har')
  // Playwright's recordHar leaves the CORS preflight out: that call is only a request that failed.
  const expected = expectedWithoutProbe({ preflights: false })
  await expect
    .poll(() => tab.evaluate(rowsExpr.replace(/^/, '') as unknown as () => string[]))
    .toEqual(expected)
})

test('HAR import by drag and drop: the dropped file is analysed like a picked one', async ({ extension }) => {
  const tab = await extension.openPanelTab('')
  await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.mdMode)).toBe('standalone')
  const har = readFileSync('test/fixtures/har/demo-firefox-gethar.har', 'utf8')
  // A real drag carries a DataTransfer with the file; the page cannot tell this one from it. The
  // file enters (again, until the panel's listeners are up and show the drop zone), then drops.
  await tab.evaluate(() => {
    const w = window as unknown as { mdDrag: DataTransfer }
    w.mdDrag = new DataTransfer()
  })
  await tab.evaluate((text) => {
    const w = window as unknown as { mdDrag: DataTransfer }
    w.mdDrag.items.add(new File([text], 'firefox.har', { type: 'application/json' }))
  }, har)
  await expect
    .poll(() =>
      tab.evaluate(() => {
        const dt = (window as unknown as { mdDrag: DataTransfer }).mdDrag
        document.dispatchEvent(
          new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }),
        )
        return !!document.querySelector('.dropzone')
      }),
    )
    .toBe(true)
  await tab.evaluate(() => {
    const dt = (window as unknown as { mdDrag: DataTransfer }).mdDrag
    for (const type of ['dragover', 'drop'])
      document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  await expect.poll(() => tab.evaluate(() => !!document.querySelector('.dropzone'))).toBe(false)
  const expected = expectedWithoutProbe()
  await expect
    .poll(() => tab.evaluate(rowsExpr.replace(/^/, '') as unknown as () => string[]))
    .toEqual(expected)
})

test('axe: no serious or critical accessibility violations, light and dark', async ({ panel }) => {
  await panel.page.evaluate(run, 'slash-301')
  await panel.poll(click('#md-list [data-kind="redirect-method-change"]'))
  await panel.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'))
  for (const theme of ['light', 'dark']) {
    await panel.evaluate(`(document.documentElement.dataset.theme = ${JSON.stringify(theme)}, true)`)
    const violations = await panel.evaluate<{ id: string; impact: string; nodes: number }[]>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`,
    )
    expect(
      violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      theme,
    ).toEqual([])
  }
})

test('keyboard and filters: arrows move, Enter opens, Esc closes; text and kind filters', async ({
  panel,
}) => {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  for (const id of ['get-only', 'static', 'slash-301']) await panel.page.evaluate(run, id)
  await expect.poll(async () => (await panel.evaluate<string[]>(rowsExpr)).length).toBe(4)
  // Four findings, three requests: the redirected POST's two findings are one row.
  expect(await panel.evaluate<string[]>(requestRowsExpr)).toHaveLength(3)
  const key = (k: string) =>
    panel.evaluate(
      `(() => { const l = document.querySelector('#md-list'); l.focus(); l.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(k)}, bubbles: true, cancelable: true })); return true })()`,
    )
  await key('ArrowDown')
  await key('ArrowDown')
  const selected = await panel.evaluate<string>(
    "document.querySelector('#md-list [aria-selected=\"true\"]')?.dataset.id ?? ''",
  )
  expect(selected).not.toBe('')
  await key('Enter')
  await expect
    .poll(() => panel.evaluate<string>("document.querySelector('.detail')?.dataset.id ?? ''"))
    .toBe(selected)
  await panel.evaluate(
    `(document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })), true)`,
  )
  await expect.poll(() => panel.evaluate<boolean>("!document.querySelector('.detail')")).toBe(true)
  // Text filter.
  await panel.evaluate(
    `(() => { const i = document.querySelector('input[type=search], .toolbar input[type=text], input[aria-label="Filter"]'); i.value = 'static'; i.dispatchEvent(new Event('input', { bubbles: true })); return true })()`,
  )
  await expect
    .poll(() => panel.evaluate<string[]>(rowsExpr))
    .toEqual(['static-host POST /static/contact.html'])
  await panel.evaluate(
    `(() => { const i = document.querySelector('input[type=search], .toolbar input[type=text], input[aria-label="Filter"]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); return true })()`,
  )
  // Kind filter from the header counts: the request's row, with both its kinds.
  await panel.evaluate(click('[data-filter-kind="redirect-method-change"]'))
  await expect
    .poll(() => panel.evaluate<string[]>(requestRowsExpr))
    .toEqual(['POST /api/orders: redirect-method-change trailing-slash-redirect'])
})

test('one request, one row: the redirected POST is one row with a chip per kind, its detail lists both findings, either kind filters it', async ({
  panel,
}) => {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  // Wide, as docked at the bottom: every column shows.
  await panel.page.setViewportSize({ width: 1280, height: 900 })
  await panel.frontend.evaluate(
    `(async () => { const UI = await import('./ui/legacy/legacy.js'); UI.DockController.DockController.instance().setDockSide('bottom'); return true })()`,
  )
  for (const id of ['get-only', 'slash-301']) await panel.page.evaluate(run, id)
  await expect
    .poll(() => panel.evaluate<string[]>(requestRowsExpr))
    .toEqual([
      'POST /api/items: wrong-method',
      'POST /api/orders: redirect-method-change trailing-slash-redirect',
    ])
  const row = '#md-list [data-url$="/api/orders"]'
  // The row speaks with its most severe finding (an error) and shows every kind as a chip, in full.
  const seen = await panel.poll<{
    kind: string
    severity: string
    chain: string
    chips: { kind: string; text: string; shown: boolean; whole: boolean }[]
  }>(`(() => {
    const r = document.querySelector(${JSON.stringify(row)})
    // The 301 arrives before the GET it led to: wait until the chain has both hops.
    if (!r || !r.querySelector('.c-chain').textContent.includes('GET')) return null
    return {
      kind: r.dataset.kind,
      severity: r.dataset.severity,
      chain: r.querySelector('.c-chain').textContent.replace(/\\s+/g, ' ').trim(),
      chips: Array.from(r.querySelectorAll('.kchip'), (c) => ({
        kind: c.dataset.chipKind,
        text: c.textContent,
        shown: c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().right <= r.querySelector('.c-kind').getBoundingClientRect().right + 0.5,
        whole: c.scrollWidth <= c.clientWidth,
      })),
    }
  })()`)
  expect(seen).toEqual({
    kind: 'redirect-method-change',
    severity: 'error',
    chain: 'POST 301 → GET 405',
    chips: [
      { kind: 'redirect-method-change', text: 'Method changed', shown: true, whole: true },
      { kind: 'trailing-slash-redirect', text: 'Canonical redirect', shown: true, whole: true },
    ],
  })
  // The detail: both findings, most severe first, each with its own texts; the chain once.
  await panel.poll(click(row))
  const detail = await panel.poll<{
    title: string
    overview: string[]
    hops: number
    blocks: { kind: string; title: string; sections: string[]; evidence: number }[]
  }>(`(() => {
    const d = document.querySelector('.detail')
    if (!d || d.querySelectorAll('.finding').length < 2) return null
    return {
      title: document.querySelector('#md-detail-title').textContent,
      overview: Array.from(d.querySelectorAll('.overview li'), (li) => li.dataset.findingKind + ': ' + li.querySelector('strong').parentElement.textContent.trim()),
      hops: d.querySelectorAll('[data-hop]').length,
      blocks: Array.from(d.querySelectorAll('.finding'), (b) => ({
        kind: b.dataset.findingKind,
        title: b.querySelector('.finding-title .finding-name')?.textContent ?? '',
        sections: Array.from(b.querySelectorAll('[data-section]'), (x) => x.dataset.section),
        evidence: b.querySelectorAll('.evidence li').length,
      })),
    }
  })()`)
  expect(detail.title).toBe('Redirect changed the method +1 more')
  expect(detail.overview).toEqual([
    expect.stringMatching(/^redirect-method-change: Redirect changed the method — ./),
    expect.stringMatching(/^trailing-slash-redirect: Redirect to a canonical URL — ./),
  ])
  expect(detail.hops).toBe(2)
  expect(detail.blocks.map((b) => [b.kind, b.title])).toEqual([
    ['redirect-method-change', 'Redirect changed the method'],
    ['trailing-slash-redirect', 'Redirect to a canonical URL'],
  ])
  for (const b of detail.blocks) {
    expect(b.sections).toEqual(expect.arrayContaining(['causes', 'fix', 'snippets', 'evidence', 'links']))
    expect(b.evidence).toBeGreaterThan(0)
  }
  // Copy as Markdown copies the request: both findings.
  await panel.evaluate(`(() => {
    window.__copied = []
    navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve() }
    return true
  })()`)
  await panel.poll(
    `(() => { const b = [...document.querySelectorAll('.detail-head button')].find((x) => /Markdown/.test(x.textContent)); b?.click(); return !!b })()`,
  )
  const md = await panel.poll<string>('window.__copied[0]')
  expect(md.match(/^### /gm)).toHaveLength(2)
  expect(md.indexOf('Redirect changed the method')).toBeLessThan(md.indexOf('Redirect to a canonical URL'))
  // The kind bar counts findings per kind; either kind of the row brings the row up.
  const counts = await panel.evaluate<Record<string, string>>(
    `Object.fromEntries(Array.from(document.querySelectorAll('.kindbar button'), (b) => [b.dataset.filterKind ?? 'all', b.querySelector('.n').textContent]))`,
  )
  expect(counts).toEqual({
    all: '3',
    'wrong-method': '1',
    'redirect-method-change': '1',
    'trailing-slash-redirect': '1',
  })
  for (const kind of ['trailing-slash-redirect', 'redirect-method-change']) {
    await panel.evaluate(click(`[data-filter-kind="${kind}"]`))
    await expect
      .poll(() => panel.evaluate<string[]>(requestRowsExpr))
      .toEqual(['POST /api/orders: redirect-method-change trailing-slash-redirect'])
  }
  await panel.evaluate(click('[data-filter-kind="wrong-method"]'))
  await expect
    .poll(() => panel.evaluate<string[]>(requestRowsExpr))
    .toEqual(['POST /api/items: wrong-method'])
})

test('findings survive the panel being hidden and shown, and DevTools being undocked', async ({ panel }) => {
  await panel.page.evaluate(run, 'get-only')
  await expect.poll(() => panel.evaluate<string[]>(rowsExpr)).toEqual(['wrong-method POST /api/items'])
  const { showPanel } = await import('./support/devtools-cdp')
  await panel.frontend.evaluate(
    `(async () => (await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance().showPanel('console'))()`,
  )
  await panel.page.evaluate(run, 'no-allow')
  await showPanel(panel.frontend, panel.panelId)
  await expect
    .poll(() => panel.evaluate<string[]>(rowsExpr))
    .toEqual([
      'missing-allow-header POST /api/reports',
      'wrong-method POST /api/items',
      'wrong-method POST /api/reports',
    ])
  await panel.frontend.evaluate(
    `(async () => { const UI = await import('./ui/legacy/legacy.js'); UI.DockController.DockController.instance().setDockSide('undocked'); return true })()`,
  )
  await panel.page.evaluate(run, 'static')
  // The panel itself, in the undocked window, still lists the earlier rows and the new one.
  await expect
    .poll(() => panel.evaluate<string[]>(rowsExpr))
    .toEqual([
      'missing-allow-header POST /api/reports',
      'static-host POST /static/contact.html',
      'wrong-method POST /api/items',
      'wrong-method POST /api/reports',
    ])
})
