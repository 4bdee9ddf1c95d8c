// Checks the harness's own levers that the probe tests depend on.
import { expect, test } from './support/fixtures'

test('the service worker can be stopped, woken and evaluated', async ({ extension }) => {
  await extension.swEvaluate('globalThis.mdE2eMark = 42')
  await extension.stopServiceWorker()
  expect(await extension.isServiceWorkerRunning()).toBe(false)
  // A fresh process: globals are gone, as a worker that keeps state only in memory would find.
  expect(await extension.swEvaluate('globalThis.mdE2eMark')).toBeUndefined()
  expect(await extension.isServiceWorkerRunning()).toBe(true)
})

test('host access can be withheld and granted again', async ({ extension, demo }) => {
  const probe = `fetch(${JSON.stringify(`${demo.origin}/api/items`)}, { method: 'OPTIONS', credentials: 'omit', cache: 'no-store' })
    .then(r => r.type, e => 'error: ' + e.message)`
  const granted = `chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] })`
  expect(await extension.swEvaluate(granted)).toBe(true)

  expect((await extension.setHostAccess({ withhold: true })).access).toBe('ON_CLICK')
  expect(await extension.swEvaluate(granted)).toBe(false)
  expect(await extension.swEvaluate(probe)).toMatch(/^error: /)

  expect((await extension.setHostAccess({ grant: ['http://127.0.0.1/*'] })).access).toBe('ON_SPECIFIC_SITES')
  expect(await extension.swEvaluate(granted)).toBe(true)
  expect(await extension.swEvaluate(probe)).toBe('basic')

  const all = await extension.setHostAccess({ grantAll: true })
  expect(all.hosts.every((h) => h.granted)).toBe(true)
})

test('the panel page opens in a tab', async ({ extension }) => {
  const tab = await extension.openPanelTab()
  await expect(tab.locator('html')).toHaveAttribute('data-md-ready', '1')
  expect(tab.url()).toBe(extension.url('src/panel/index.html?tab=auto'))
})
