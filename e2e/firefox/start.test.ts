// `npm run start:firefox`'s own path (scripts/start-firefox.ts), headless: the page's toolbox is
// open and Method Doctor hears the demo run once, with no browser-internal access.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { firefoxHint, startFirefox } from '../../scripts/start-firefox'
import { runAllUrl } from '../demo-api/page'
import { startDemoApi } from '../demo-api/server'

test('start:firefox runs the demo once and the add-on hears it; the hint is one line', async () => {
  const demo = await startDemoApi()
  try {
    const started = await startFirefox({ demo, headless: true, timeout: 30_000 })
    try {
      // Heard: the add-on's devtools page captured the run (only an open toolbox on the page lets it)
      // and its probes reached the demo API.
      assert.equal(started.heard, true)
      assert.equal(started.page.url(), runAllUrl(demo.origin))
      assert.equal(await started.page.evaluate(() => document.documentElement.dataset.run), 'done')
      // Run once: the first scenario's request reached the server exactly once.
      const sent = demo.log().filter((r) => r.method === 'POST' && r.path === '/api/items')
      assert.equal(sent.length, 1)
    } finally {
      await started.close()
    }
  } finally {
    await demo.close()
  }
  for (const heard of [true, false]) {
    assert.match(firefoxHint(heard), /^[^\n]*"Method Doctor" tab[^\n]*$/)
  }
})
