import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PANEL_PATH, PANEL_TITLE } from '../support/extension-paths'
import { READY_EXPRESSION } from '../support/findings'
import { demoForFile, poll, showPanel } from './support'

const session = demoForFile()

test('the devtools page registered the Method Doctor panel', async () => {
  const state = await session.ff.toolbox().state()
  assert.equal(state.open, true)
  assert.deepEqual(
    state.extensionPanels.map((p) => p.label),
    [PANEL_TITLE],
  )
  const devtools = await session.ff
    .toolbox()
    .evaluateInDevtoolsPage<{ href: string; tabId: number }>(
      '({ href: location.href, tabId: browser.devtools.inspectedWindow.tabId })',
    )
  assert.equal(devtools.href, `${session.ff.origin}src/devtools/devtools.html`)
  assert.equal(typeof devtools.tabId, 'number')
})

test('the panel loads in the toolbox', async () => {
  const toolbox = session.ff.toolbox()
  await showPanel(toolbox)
  await session.ff.screenshot('test-results/firefox/smoke-panel.png')
})

test('the panel page loads as an extension page', async () => {
  const tab = await session.ff.openExtensionPage(PANEL_PATH)
  try {
    await poll(() => tab.evaluate<boolean>(READY_EXPRESSION), { what: 'mdReady in the extension page' })
  } finally {
    await tab.close()
  }
})

test('the background page answers', async () => {
  assert.equal(await session.ff.evaluateInBackground<string>('typeof browser.runtime.id'), 'string')
})
