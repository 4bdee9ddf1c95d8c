// Where the fixture's probes may go: the test's own pages' sites and probeAllow, and never to a
// path only the page's service worker answered. The outer spec (e2e/ci-fixture.spec.ts) owns the
// servers and reads their logs; these tests check what the fixture reports.
import { expect, test } from 'method-doctor/playwright'

const origin = process.env.DEMO_ORIGIN ?? ''
const other = process.env.OTHER_ORIGIN ?? ''
const sw = process.env.SW_ORIGIN ?? ''

/** A simple (no preflight) cross-origin POST that the other server refuses with 405. */
const postTo = (url: string) =>
  fetch(url, { method: 'POST', body: 'x' }).then(
    (r) => r.status,
    () => 0,
  )

const paths = (findings: { request: { url: string } }[]) =>
  [...new Set(findings.map((f) => new URL(f.request.url).pathname))].sort()

test.describe('probe: true, another origin', () => {
  test.use({ methodDoctorOptions: { failOn: 'never', probe: true } })
  test('probes only the sites of the test’s pages', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    expect(await page.evaluate(postTo, `${other}/api/not-allowed`)).toBe(405)
    // Still a finding; only the probe is left out (the outer spec reads the other server's log).
    expect(paths(await methodDoctor.findings())).toEqual(['/api/not-allowed'])
  })
})

test.describe('probe: true, probeAllow names the other origin', () => {
  test.use({ methodDoctorOptions: { failOn: 'never', probe: true, probeAllow: [other] } })
  test('probes the allowed origin too', async ({ page, methodDoctor }) => {
    await page.goto(`${origin}/`)
    expect(await page.evaluate(postTo, `${other}/api/allowed`)).toBe(405)
    const [f] = await methodDoctor.findings()
    expect(f?.allowed.sources.map((s) => s.source)).toContain('probe-allow')
  })
})

test.describe('probe: true, a service worker answers', () => {
  test.use({ methodDoctorOptions: { failOn: 'never', probe: true } })
  test('a service worker’s 405 is only labelled as the worker’s, never probed; the server’s own 405 is a finding', async ({
    page,
    methodDoctor,
  }) => {
    await page.goto(`${sw}/`)
    await page.evaluate(() => (window as unknown as { runAll(): Promise<void> }).runAll())
    const all = await methodDoctor.findings()
    const labelled = all.filter((f) => f.kind === 'service-worker-answer')
    expect(labelled.every((f) => f.severity === 'info')).toBe(true)
    expect(paths(labelled)).toContain('/api/mocked')
    const found = paths(all.filter((f) => f.kind !== 'service-worker-answer'))
    expect(found).toContain('/api/direct')
    expect(found).not.toContain('/api/mocked')
  })
})
