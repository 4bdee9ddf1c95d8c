// webextension-polyfill hands back a browser-defined `browser` untouched (test/polyfill.test.ts).
// Firefox defines one in every context the extension runs in; bundled, the polyfill is a CommonJS
// module and never assigns the global, so the `browser` found here is Firefox's own, and the
// extension working here (this file, and the rest of the Firefox suite) works on it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoForFile, showPanel } from './support'

/** What the polyfill tests for "already defined": `browser.runtime.id`. */
const DEFINED = `typeof globalThis.browser === 'object' ? typeof browser.runtime.id : 'no browser'`

const session = demoForFile()

test('the devtools page, the panel and the background find browser.* defined by Firefox, and work on it', async () => {
  const toolbox = session.ff.toolbox()
  assert.equal(await toolbox.evaluateInDevtoolsPage<string>(DEFINED), 'string')
  await showPanel(toolbox)
  assert.equal(await toolbox.evaluateInPanel<string>(DEFINED), 'string')
  assert.equal(await session.ff.evaluateInBackground<string>(DEFINED), 'string')
  // The API the extension calls through the polyfill answers: storage from the devtools page.
  assert.equal(
    await toolbox.evaluateInDevtoolsPage<string>(
      'browser.storage.local.get(null).then((items) => typeof items)',
    ),
    'object',
  )
})
