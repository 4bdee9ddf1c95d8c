// The fixture from source (no build needed; e2e/ci-fixture tests the published package). The page
// sends page-chosen header values to a server whose Allow names a "method" that is shell code
// (e2e/hostile-snippets.spec.ts serves both).
import { test } from '../../src/playwright/fixture'

const origin = process.env.HOSTILE_ORIGIN ?? ''
const headers = JSON.parse(process.env.HOSTILE_HEADERS ?? '{}') as Record<string, string>
const path = process.env.HOSTILE_PATH ?? '/'

for (const includeSecrets of [false, true]) {
  test.describe(`includeSecrets: ${includeSecrets}`, () => {
    test.use({ methodDoctorOptions: { failOn: 'never', includeSecrets } })
    test(`hostile call, includeSecrets ${includeSecrets}`, async ({ page }) => {
      await page.goto(`${origin}/`)
      await page.evaluate(
        ([p, h]) => fetch(p, { method: 'POST', headers: h, body: '{}' }).then((r) => r.text()),
        [path, headers] as const,
      )
    })
  })
}
