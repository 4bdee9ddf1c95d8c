import { readFileSync } from 'node:fs'
import { expect, test } from './support/fixtures'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const run = (id: string) => (window as unknown as DemoWindow).runScenario(id)

/** The 1-based line of demo.js that calls fetch(): what Chromium's initiator points at. */
const fetchLine =
  readFileSync('e2e/demo-api/public/demo.js', 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('await fetch(url, init)')) + 1

test('a finding names the function and file:line that sent it, and one click opens it in Sources', async ({
  panel,
}, testInfo) => {
  expect(fetchLine).toBeGreaterThan(0)
  await panel.page.evaluate(run, 'get-only')
  // The row says it on hover.
  const hover = await panel.poll<string>(
    `document.querySelector('#md-list [data-kind] .c-url')?.getAttribute('title') ?? null`,
  )
  expect(hover).toMatch(new RegExp(`^Sent by send at http://127\\.0\\.0\\.1:\\d+/demo\\.js:${fetchLine}$`))
  await panel.poll(
    `(() => { const r = document.querySelector('#md-list [data-kind]'); r?.click(); return !!r })()`,
  )
  const shown = await panel.poll<{ line: string; link: string; ids: string; stack: number }>(`(() => {
    const s = document.querySelector('.detail .sent-by')
    const link = s?.querySelector('.sent-by-line button.link')
    if (!link) return null
    return {
      line: s.querySelector('.sent-by-line').textContent,
      link: link.textContent,
      ids: s.querySelector('.request-ids')?.textContent ?? '',
      stack: s.querySelectorAll('.stack li').length,
    }
  })()`)
  expect(shown.line).toBe(`Sent by send at demo.js:${fetchLine}`)
  expect(shown.link).toBe(`demo.js:${fetchLine}`)
  // The demo server's id for this request, to find its line in the server's log.
  expect(shown.ids).toMatch(/x-request-id: demo-\d+/)
  expect(shown.stack).toBeGreaterThan(1)

  await panel.evaluate(`document.querySelector('.detail .sent-by details')?.setAttribute('open', '')`)
  await panel.screenshot(testInfo.outputPath('sent-by.png'))
  await panel.evaluate(`document.querySelector('.detail .sent-by-line button.link').click()`)
  // DevTools switches to Sources with demo.js open at that line.
  const opened = await panel.frontend.evaluate<{
    tab: string
    url: string
    line: number
  } | null>(`(async () => {
    for (let i = 0; i < 100; i++) {
      const { InspectorView } = await import('./ui/legacy/legacy.js')
      const tab = InspectorView.InspectorView.instance().tabbedPane.selectedTabId
      if (tab === 'sources') {
        const { SourcesPanel } = await import('./panels/sources/sources.js')
        const frame = SourcesPanel.SourcesPanel.instance().sourcesView().currentSourceFrame()
        const editor = frame?.textEditor
        if (frame && editor?.state) {
          const line = editor.state.doc.lineAt(editor.state.selection.main.head).number
          return { tab, url: frame.uiSourceCode().url(), line }
        }
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    return null
  })()`)
  expect(opened).not.toBeNull()
  expect(opened!.url).toMatch(/\/demo\.js$/)
  expect(opened!.line).toBe(fetchLine)
})

test('a form submission names the page the form was on, and says the request URL is its action', async ({
  panel,
}) => {
  await panel.page.evaluate(run, 'form-405')
  await panel.poll(
    `(() => { const r = document.querySelector('#md-list [data-kind][data-url$="/form/search"]'); r?.click(); return !!r })()`,
  )
  const said = await panel.poll<string>(`document.querySelector('.detail .sent-by')?.innerText ?? null`)
  expect(said).toMatch(/^Submitted by a form or link on \S+\n/)
  expect(said).toContain('The request URL above is the form’s action.')
  // The page the form was on, as the browser's Referer named it.
  const origin = new URL(panel.page.url()).origin
  expect(said).toContain(origin.replace(/^http:\/\//, '').split(':')[0]!)
})
