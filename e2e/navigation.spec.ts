// Findings never outlive their page: with Preserve log off, nothing from a page the tab left comes
// back, whatever the new page does and however many probes are still out.
import { startNavSite } from '../test/helpers/nav-site'
import { expect, type PanelFixture, test } from './support/fixtures'

const paths = async (panel: PanelFixture): Promise<string[]> =>
  [...new Set((await panel.findings()).map((f) => `${f.method} ${new URL(f.url).pathname}`))].sort()

const send = (panel: PanelFixture, method: string, path: string) =>
  panel.page.evaluate(([m, p]) => fetch(p!, { method: m }).then((r) => r.status), [method, path] as const)

/** Samples the list for `ms`: every sample must equal `expected` (a reappearing row fails). */
async function staysFor(panel: PanelFixture, ms: number, expected: string[]): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    expect(await paths(panel)).toEqual(expected)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** DevTools' own Network "Preserve log": on, its getHAR() still lists the pages the tab left. */
const setDevToolsPreserveLog = (panel: PanelFixture, on: boolean) =>
  panel.frontend.evaluate<boolean>(`(async () => {
    const { Settings } = await import('./core/common/common.js')
    const s = Settings.Settings.instance().moduleSetting('network-log.preserve-log')
    s.set(${on})
    return s.get()
  })()`)

for (const devtoolsPreserve of [false, true]) {
  test(`a finding of the page the tab left does not come back when the new page uses the same URL (Network panel's Preserve log ${devtoolsPreserve ? 'on' : 'off'})`, async ({
    panel,
  }) => {
    const site = await startNavSite()
    try {
      expect(await setDevToolsPreserveLog(panel, devtoolsPreserve)).toBe(devtoolsPreserve)
      await panel.page.goto(`${site.origin}/page1`)
      expect(await send(panel, 'PATCH', '/api/a/1')).toBe(405)
      await expect.poll(() => paths(panel)).toEqual(['PATCH /api/a/1'])
      await panel.page.goto(`${site.origin}/page2`)
      await expect.poll(() => paths(panel)).toEqual([])
      expect(await send(panel, 'GET', '/api/a/1')).toBe(200)
      // Past every getHAR() re-read after a navigation (0, 1 and 3 s) and the probe's answer.
      await staysFor(panel, 4500, [])
      // The new page's own findings still show.
      expect(await send(panel, 'PUT', '/api/b/2')).toBe(405)
      await expect.poll(() => paths(panel)).toEqual(['PUT /api/b/2'])
    } finally {
      await setDevToolsPreserveLog(panel, false)
      await site.close()
    }
  })
}

test('many navigations in a row with probes still out: only the last page’s finding is listed', async ({
  panel,
}) => {
  // The worker's OPTIONS answers arrive long after the page that caused them is gone.
  const site = await startNavSite(1500)
  try {
    // The harder case: DevTools' own log keeps every page the tab left.
    expect(await setDevToolsPreserveLog(panel, true)).toBe(true)
    for (let i = 1; i <= 6; i++) {
      await panel.page.goto(`${site.origin}/page${i}`)
      expect(await send(panel, 'DELETE', `/api/n/${i}`)).toBe(405)
    }
    await expect.poll(() => paths(panel)).toEqual(['DELETE /api/n/6'])
    for (let i = 1; i <= 6; i++) expect(await send(panel, 'GET', `/api/n/${i}`)).toBe(200)
    await staysFor(panel, 4500, ['DELETE /api/n/6'])
    // The probes did go out: the answers arrived and changed nothing for the pages left behind.
    expect(site.log().filter((l) => l.startsWith('OPTIONS')).length).toBeGreaterThan(0)
  } finally {
    await setDevToolsPreserveLog(panel, false)
    await site.close()
  }
})
