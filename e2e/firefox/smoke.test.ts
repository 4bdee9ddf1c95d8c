import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type DemoApi, startDemoApi } from '../demo-api/server'
import { PANEL_PATH, PANEL_TITLE } from '../support/extension-paths'
import { READY_EXPRESSION } from '../support/findings'
import { type FirefoxHarness, launchFirefox, poll } from './support'

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

test('the devtools page registered the Method Doctor panel', async () => {
  const state = await ff.toolbox().state()
  assert.equal(state.open, true)
  assert.deepEqual(
    state.extensionPanels.map((p) => p.label),
    [PANEL_TITLE],
  )
  const devtools = await ff
    .toolbox()
    .evaluateInDevtoolsPage<{ href: string; tabId: number }>(
      '({ href: location.href, tabId: browser.devtools.inspectedWindow.tabId })',
    )
  assert.equal(devtools.href, `${ff.origin}src/devtools/devtools.html`)
  assert.equal(typeof devtools.tabId, 'number')
})

test('the panel loads in the toolbox', async () => {
  const toolbox = ff.toolbox()
  await toolbox.selectPanel()
  await poll(() => toolbox.evaluateInPanel<boolean>(READY_EXPRESSION), {
    what: 'mdReady in the toolbox panel',
  })
  await ff.screenshot('test-results/firefox/smoke-panel.png')
})

test('the panel page loads as an extension page', async () => {
  const tab = await ff.openExtensionPage(PANEL_PATH)
  try {
    await poll(() => tab.evaluate<boolean>(READY_EXPRESSION), { what: 'mdReady in the extension page' })
  } finally {
    await tab.close()
  }
})

test('the background page answers', async () => {
  assert.equal(await ff.evaluateInBackground<string>('typeof browser.runtime.id'), 'string')
})
