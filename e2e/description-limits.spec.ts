import { expect, test } from './support/fixtures'

/*
 * API descriptions are parsed in a dedicated Web Worker of the devtools page, under limits:
 * a nesting bomb ends in under a second and a flat one by its token count, each with a clear
 * message and changing nothing, and the slowest document the limits let through never stalls
 * the devtools page. (The 10 s parse budget is
 * tested with a fake clock in test/core/openapi.test.ts.)
 */

type DemoWindow = Window & { runScenario(id: string): Promise<unknown> }

/**
 * Gives the panel's "Use a file…" input a file built in the panel from `build` (an expression
 * returning the text), and resolves with how long the panel took to show a result, in ms.
 */
const pickFile = (name: string, build: string) => `(async () => {
  const text = ${build}
  const box = document.querySelector('.api-description')
  const input = box.querySelector('input[type="file"]')
  const before = document.querySelector('.api-description .warn, [data-api-source]')?.textContent ?? ''
  const dt = new DataTransfer()
  dt.items.add(new File([text], ${JSON.stringify(name)}))
  input.files = dt.files
  const started = performance.now()
  input.dispatchEvent(new Event('change', { bubbles: true }))
  for (;;) {
    await new Promise((r) => setTimeout(r, 5))
    const now = document.querySelector('.api-description .warn, [data-api-source]')?.textContent ?? ''
    if (now !== before && now !== '') return performance.now() - started
  }
})()`

/** Longest gap between 10 ms timer ticks on the devtools page since `startLag`. */
/** The panel's line about the description, once there. */
const said = "document.querySelector('.api-description .warn')?.textContent"

const startLag = `(() => {
  const lag = { max: 0, ticks: 0 }
  let last = performance.now()
  globalThis.__lag = lag
  setInterval(() => { const now = performance.now(); lag.max = Math.max(lag.max, now - last); lag.ticks++; last = now }, 10)
  return true
})()`

test('API descriptions off the devtools page: a nesting bomb ends in under 1 s and changes nothing; a slow one never stalls the page', async ({
  panel,
}) => {
  test.setTimeout(90_000)
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runScenario('starlette-partial'))
  await expect.poll(async () => (await panel.hook.findings())[0]?.allowed.methods).toEqual(['GET'])
  await panel.poll(
    '(document.querySelector(\'#md-list [data-kind="wrong-method"]\')?.click(), !!document.querySelector(\'.api-description input[type="file"]\'))',
  )
  const before = await panel.hook.findings()
  await panel.devtoolsPage.evaluate(startLag)

  // 4.9 MB of `[[[…]]]` (20 s and 2.7 GB before the limits).
  const bombMs = await panel.evaluate<number>(
    pickFile('bomb.yaml', "'['.repeat(2_569_011) + ']'.repeat(2_569_011)"),
  )
  expect(bombMs).toBeLessThan(1000)
  await expect
    .poll(() => panel.evaluate<string>(said))
    .toBe('The API description was not used: it is nested deeper than 128 levels.')
  expect(await panel.hook.findings()).toEqual(before)

  // 4.9 MB of `[a,a,…]`: no nesting, no alias, but 2.4 GB in the yaml package before the token limit.
  const flatMs = await panel.evaluate<number>(pickFile('flat.yaml', "'[' + 'a,'.repeat(2_569_010) + 'a]'"))
  expect(flatMs).toBeLessThan(3000)
  await expect
    .poll(() => panel.evaluate<string>(said))
    .toBe(
      'The API description was not used: its YAML has more than 1000000 tokens (values, punctuation, line breaks); the same description as JSON has no such limit.',
    )
  expect(await panel.hook.findings()).toEqual(before)

  // The slowest valid YAML the limits let through: tiny items up to just under 1,000,000 tokens
  // (three each), all parsed in the worker.
  const slowMs = await panel.evaluate<number>(
    pickFile(
      'inventory.yaml',
      `'openapi: 3.1.0\\npaths:\\n  /api/inventory/{item_id}: {get: {}, put: {}, delete: {}}\\nx-pad: [' + '1,'.repeat(333_000) + '1]'`,
    ),
  )
  await expect
    .poll(async () => (await panel.hook.findings())[0]?.allowed.methods)
    .toEqual(['GET', 'PUT', 'DELETE'])
  expect(await panel.evaluate<string>("document.querySelector('[data-api-source]').dataset.apiSource")).toBe(
    'inventory.yaml',
  )
  // Parsed off the devtools page's thread: its timers kept ticking the whole time (parsing on it
  // would have held them for as long as the parse took).
  expect(slowMs).toBeGreaterThan(300)
  const lag = await panel.devtoolsPage.evaluate<{ max: number; ticks: number }>('globalThis.__lag')
  expect(lag.max).toBeLessThan(Math.min(500, slowMs / 4))
  expect(lag.ticks).toBeGreaterThan(slowMs / 50)
})
