// webextension-polyfill hands back a browser-defined `browser` untouched (test/polyfill.test.ts).
// Firefox defines one in every context the extension runs in; bundled, the polyfill is a CommonJS
// module and never assigns the global, so the `browser` found here is Firefox's own, and the
// extension working here (this file, and the rest of the Firefox suite) works on it.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type DemoApi, startDemoApi } from '../demo-api/server'
import { READY_EXPRESSION } from '../support/findings'
import { type FirefoxHarness, launchFirefox, poll } from './support'

/** What the polyfill tests for "already defined": `browser.runtime.id`. */
const DEFINED = `typeof globalThis.browser === 'object' ? typeof browser.runtime.id : 'no browser'`

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

test('the devtools page, the panel and the background find browser.* defined by Firefox, and work on it', async () => {
  const toolbox = ff.toolbox()
  assert.equal(await toolbox.evaluateInDevtoolsPage<string>(DEFINED), 'string')
  await toolbox.selectPanel()
  await poll(() => toolbox.evaluateInPanel<boolean>(READY_EXPRESSION), {
    what: 'mdReady in the toolbox panel',
  })
  assert.equal(await toolbox.evaluateInPanel<string>(DEFINED), 'string')
  assert.equal(await ff.evaluateInBackground<string>(DEFINED), 'string')
  // The API the extension calls through the polyfill answers: storage from the devtools page.
  assert.equal(
    await toolbox.evaluateInDevtoolsPage<string>(
      'browser.storage.local.get(null).then((items) => typeof items)',
    ),
    'object',
  )
})
