import type { LoggedRequest } from './demo-api/server'
import { poll } from './support/devtools-cdp'
import { expect, test } from './support/fixtures'
import { hookExpression } from './support/hook'

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }
const probes = hookExpression('probes')
const methodsAt = (log: LoggedRequest[], path: string) =>
  log.filter((r) => r.path === path).map((r) => r.method)

test('a Fastify 404 in disguise: OPTIONS says nothing, HEAD 200 proves the path exists → wrong-method', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('fastify-404'))
  const steps = await poll(
    () =>
      panel.devtoolsPage.evaluate<string[] | null>(
        `(() => { const p = ${probes}.find((x) => x.endpoint.endsWith('/api/accounts') && x.state === 'done'); return p ? p.result.steps.map((s) => s.method + ' ' + s.status) : null })()`,
      ),
    { what: 'ladder of /api/accounts' },
  )
  expect(steps).toEqual(['OPTIONS 404', 'HEAD 200'])
  await expect
    .poll(async () => (await panel.hook.findings()).map((f) => [f.kind, f.severity]))
    .toEqual([['wrong-method', 'error']])
  // Exactly one OPTIONS, at most one HEAD and one GET, never the original method from the worker.
  expect(methodsAt(demo.log(), '/api/accounts')).toEqual(['POST', 'OPTIONS', 'HEAD'])
  await expect.poll(async () => (await panel.findings()).map((f) => f.kind)).toEqual(['wrong-method'])
  // The panel shows the ladder step by step and its verdict.
  await panel.poll(`(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), true)`)
  const verdict = await panel.poll<string>(
    `document.querySelector('[data-verdict="exists"]')?.textContent || null`,
  )
  expect(verdict).toMatch(/exists/i)
  const shownSteps = await panel.evaluate<string[]>(
    `[...document.querySelectorAll('.steps tr[data-step]')].map((r) => r.dataset.step + ' ' + r.children[1].textContent.trim())`,
  )
  expect(shownSteps).toEqual(['OPTIONS 404', 'HEAD 200'])
})

test('what the page already did settles it: GET 200 then POST 404 on the same URL → wrong-method, no request sent', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() =>
    fetch('/api/accounts')
      .then((r) => r.text())
      .then(() => fetch('/api/accounts', { method: 'POST', body: '{}' }))
      .then((r) => r.text()),
  )
  await expect
    .poll(async () => (await panel.hook.findings()).map((f) => [f.kind, f.request.method]))
    .toEqual([['wrong-method', 'POST']])
  const steps = await poll(
    () =>
      panel.devtoolsPage.evaluate<string[] | null>(
        `(() => { const p = ${probes}.find((x) => x.endpoint.endsWith('/api/accounts') && x.state === 'done'); return p ? p.result.steps.map((s) => s.method) : null })()`,
      ),
    { what: 'the settled probe of /api/accounts' },
  )
  expect(steps).toEqual([])
  // The panel says why nothing was sent.
  await panel.poll(
    `(document.querySelector('#md-list [data-kind="wrong-method"]')?.click(), !!document.querySelector('[data-probe-settled]'))`,
  )
  // Only the page's own two requests reached the server.
  expect(methodsAt(demo.log(), '/api/accounts')).toEqual(['GET', 'POST'])
})

test('a genuinely missing path: OPTIONS, HEAD and GET all 404 → no finding', async ({ panel, demo }) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('fastify-missing'))
  await expect
    .poll(
      async () =>
        (await panel.hook.probes()).find((p) => p.endpoint.endsWith('/api/accounts/archive'))?.state,
    )
    .toBe('done')
  await expect.poll(() => panel.hook.findings()).toEqual([])
  expect(methodsAt(demo.log(), '/api/accounts/archive')).toEqual(['POST', 'OPTIONS', 'HEAD', 'GET'])
})

test("FastAPI: the API description's methods beside Starlette's incomplete Allow, with the disagreement explained", async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('starlette-partial'))
  await expect.poll(async () => (await panel.hook.findings())[0]?.allowed.methods).toEqual(['GET'])
  // The user opens the finding and presses "Read the API description".
  await panel.poll(
    "(document.querySelector('#md-list [data-kind=\"wrong-method\"]')?.click(), !!document.querySelector('.detail'))",
  )
  await panel.poll('(document.querySelector(\'[data-action="read-api-description"]\')?.click(), true)')
  await expect
    .poll(async () => (await panel.hook.findings())[0]?.allowed)
    .toMatchObject({
      methods: ['GET', 'PUT', 'DELETE'],
      notes: [{ id: 'note_allow_contradicted' }, { id: 'note_starlette_first_route' }],
    })
  const f = (await panel.hook.findings())[0]!
  expect(f.allowed.sources.map((s) => s.source)).toEqual(['response-allow', 'probe-allow', 'openapi'])
  // The panel shows it: the description's methods next to the partial Allow, and why they disagree.
  const shown = await panel.poll<string>(
    "(() => { const d = document.querySelector('.detail'); const t = d && d.innerText; return t && document.querySelector('[data-api-state=\"loaded\"]') && t.includes('leaves out PUT, DELETE') ? t : null })()",
  )
  expect(shown).toMatch(/PUT[\s\S]*DELETE/)
  expect(await panel.evaluate<string>("document.querySelector('[data-api-state]')?.dataset.apiState")).toBe(
    'loaded',
  )
  await panel.screenshot('test-results/discovery-api-description.png')
  // The description came from FastAPI's default location, with one GET.
  expect(methodsAt(demo.log(), '/openapi.json')).toEqual(['GET'])
  expect(methodsAt(demo.log(), '/api/inventory/7')).toEqual(['PATCH', 'OPTIONS'])
})

test('an API description at an address the user types; a non-http address is refused in the panel', async ({
  panel,
  demo,
}) => {
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('starlette-partial'))
  await panel.poll(
    '(document.querySelector(\'#md-list [data-kind="wrong-method"]\')?.click(), !!document.querySelector(\'[data-input="api-description-url"]\'))',
  )
  const typeAndRead = (value: string) =>
    panel.evaluate(
      `(() => { const i = document.querySelector('[data-input="api-description-url"]'); i.value = ${JSON.stringify(value)}; i.dispatchEvent(new Event('input', { bubbles: true })); document.querySelector('[data-action="read-api-description-url"]').click(); return true })()`,
    )
  await typeAndRead('javascript:alert(1)')
  await panel.poll("!!document.querySelector('[data-api-local-error]')")
  await typeAndRead(`${demo.origin}/docs/inventory-spec.json`)
  await expect
    .poll(() =>
      panel.evaluate<string | undefined>("document.querySelector('[data-api-source]')?.dataset.apiSource"),
    )
    .toBe(`${demo.origin}/docs/inventory-spec.json`)
  await expect
    .poll(async () => (await panel.hook.findings())[0]?.allowed.methods)
    .toEqual(['GET', 'PUT', 'DELETE'])
  expect(await panel.evaluate<boolean>("!document.querySelector('[data-api-local-error]')")).toBe(true)
  // Bringing the section into view scrolls the detail pane, never the panel itself.
  await panel.evaluate("(document.querySelector('.api-description')?.scrollIntoView(), true)")
  expect(
    await panel.evaluate<number[]>(
      "[document.documentElement.scrollTop, document.body.scrollTop, Math.round(document.querySelector('.toolbar').getBoundingClientRect().top)]",
    ),
  ).toEqual([0, 0, 0])
  await panel.screenshot('test-results/discovery-api-description-url.png')
  // Exactly the typed address, once; no discovery at the usual locations.
  expect(methodsAt(demo.log(), '/docs/inventory-spec.json')).toEqual(['GET'])
  expect(methodsAt(demo.log(), '/openapi.json')).toEqual([])
})
