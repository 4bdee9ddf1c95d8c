// webextension-polyfill hands back a browser-defined `browser` untouched (test/polyfill.test.ts).
// Chromium 156 defines one in every context the extension runs in, as Firefox does
// (e2e/firefox/polyfill.test.ts), so the polyfill's own wrappers never run: the suites that drive
// the panel, the devtools page and the worker's probes run on the browser's own API. (Bundled, the
// polyfill is a CommonJS module and never assigns the global: a `browser` there is the browser's.)
import { expect, test } from './support/fixtures'

/** What the polyfill tests for "already defined": `browser.runtime.id`. */
const DEFINED = 'typeof globalThis.browser?.runtime?.id'

test('the devtools page, the panel and the worker find browser.* defined by Chromium, before any of our code', async ({
  panel,
  extension,
}) => {
  expect(await panel.devtoolsPage.evaluate(DEFINED)).toBe('string')
  expect(await panel.evaluate(DEFINED)).toBe('string')
  expect(await extension.swEvaluate(DEFINED)).toBe('string')
  // Before the page's first script (and so before the polyfill) runs, in the panel opened as a tab.
  await extension.context.addInitScript(`globalThis.mdBrowserAtStart = ${DEFINED}`)
  const tab = await extension.openPanelTab('')
  await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.mdMode)).toBe('standalone')
  expect(await tab.evaluate('globalThis.mdBrowserAtStart')).toBe('string')
})
