import { READY_EXPRESSION } from './support/findings'
import { expect, test } from './support/fixtures'

test('the Method Doctor panel opens in real DevTools', async ({ panel, demo }) => {
  expect(panel.page.url()).toBe(`${demo.origin}/`)
  expect(panel.panelUrl).toMatch(/^chrome-extension:\/\/[a-p]{32}\/src\/panel\/index\.html/)
  // The panel marks itself ready once mounted, which may be a little after its iframe exists.
  await panel.poll(READY_EXPRESSION, { what: 'mdReady in the panel' })
  // The devtools page is what registered the panel; it must still be alive to collect requests.
  expect(await panel.devtoolsPage.evaluate<string>('typeof chrome.devtools.network.onRequestFinished')).toBe(
    'object',
  )
  await panel.screenshot('test-results/smoke-panel.png')
})
