// Written as a user of the published package would: the import goes through package.json "exports".
import { expect, type MethodDoctorOptions, test } from 'method-doctor/playwright'

const origin = process.env.DEMO_ORIGIN ?? ''
type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }

test('a clean page passes', async ({ page, methodDoctor }) => {
  await page.goto(`${origin}/`)
  await page.evaluate(() => (window as unknown as DemoWindow).runScenario('ok-post'))
  await expect(methodDoctor).toHaveNoFindings()
})

test('POST to a GET-only endpoint fails, listing the finding', async ({ page, methodDoctor }) => {
  test.fail()
  await page.goto(`${origin}/?token=s3cr3t-query`)
  await page.context().addCookies([{ name: 'session', value: 'c00kie-secret', url: origin }])
  await page.evaluate(() =>
    fetch('/api/items?api_key=k3y-secret', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer b3arer-secret-token' },
      body: '{}',
    }).then((r) => r.text()),
  )
  await expect(methodDoctor).toHaveNoFindings()
})

test('findings fail the test at teardown even without the explicit expect', async ({ page }) => {
  test.fail()
  await page.goto(`${origin}/`)
  await page.evaluate(() => (window as unknown as DemoWindow).runScenario('slash-301'))
})

test.describe('failOn: never', () => {
  test.use({ methodDoctorOptions: { failOn: 'never', probe: false, ignore: [] } })
  test('reports but does not fail', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    await page.evaluate(() => (window as unknown as DemoWindow).runScenario('no-allow'))
    expect((await methodDoctor.findings()).map((f) => f.kind).sort()).toEqual([
      'missing-allow-header',
      'wrong-method',
    ])
  })
})

test.describe('ignore', () => {
  test.use({ methodDoctorOptions: { failOn: 'error', probe: false, ignore: ['/api/items*', /\/static\//] } })
  test('ignored URLs are left out', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    await page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
    await expect(methodDoctor).toHaveNoFindings()
  })
})

test.describe('probe: true', () => {
  test.use({ methodDoctorOptions: { failOn: 'never', probe: true, ignore: [] } })
  test('uses the CLI probe', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    await page.evaluate(() => (window as unknown as DemoWindow).runScenario('proxy'))
    const [f] = await methodDoctor.findings()
    expect(f?.kind).toBe('blocked-by-proxy')
    expect(f?.allowed.sources.map((s) => s.source)).toContain('probe-allow')
  })
})

test.describe('includeSecrets: true', () => {
  test.use({ methodDoctorOptions: { failOn: 'error', probe: false, ignore: [], includeSecrets: true } })
  test('keeps secrets in the attachments, marked, when asked', async ({ page, methodDoctor }) => {
    test.fail()
    await page.goto(`${origin}/`)
    // Built at run time: Playwright's failure message quotes these source lines.
    const key = ['k3y', 'kept'].join('-')
    await page.evaluate(
      (k) => fetch(`/api/items?api_key=${k}`, { method: 'POST', body: '{}' }).then((r) => r.text()),
      key,
    )
    await expect(methodDoctor).toHaveNoFindings()
  })
})

test.describe('a partial options object', () => {
  // No ignore, no probe: the fixture's defaults fill them in (this used to throw a TypeError).
  test.use({ methodDoctorOptions: { failOn: 'never', lang: 'vi' } })
  test('keeps the defaults for what it leaves out', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    await page.evaluate(() => (window as unknown as DemoWindow).runScenario('get-only'))
    expect((await methodDoctor.findings()).map((f) => f.kind)).toEqual(['wrong-method'])
  })
})

test.describe('an invalid option', () => {
  // What a JavaScript config, or a cast, can hand the fixture.
  test.use({ methodDoctorOptions: { failOn: 'eror' } as unknown as MethodDoctorOptions })
  test.fail('fails the test naming the option', async ({ page }) => {
    await page.goto(`${origin}/`)
  })
})
