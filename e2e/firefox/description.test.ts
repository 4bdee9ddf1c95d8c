// API descriptions in firefox-esr: the devtools page parses them in its dedicated Web Worker
// (a module worker from the add-on's own origin, under the extension CSP), a 4.9 MB nesting bomb
// is refused with the limit's message, and a normal description is then read and used.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoForFile, poll, showPanel } from './support'

const session = demoForFile()

/** Gives the panel's "Use a file…" input a file whose text the expression `build` makes. */
const pickFile = (name: string, build: string) => `(() => {
  const input = document.querySelector('.api-description input[type="file"]')
  const dt = new DataTransfer()
  dt.items.add(new File([${build}], ${JSON.stringify(name)}))
  input.files = dt.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
  return true
})()`

test('a nesting bomb is refused with its message; a normal description is parsed in the worker and used', async () => {
  const toolbox = session.ff.toolbox()
  await showPanel(toolbox)
  await session.ff.page.evaluate(() =>
    (window as unknown as { runScenario(id: string): Promise<unknown> }).runScenario('starlette-partial'),
  )
  const methods = async () => (await toolbox.hook.findings())[0]?.allowed.methods
  await poll(async () => JSON.stringify(await methods()) === '["GET"]', { what: 'the Starlette finding' })
  await poll(
    () =>
      toolbox.evaluateInPanel<boolean>(
        `(() => { document.querySelector('#md-list [data-kind="wrong-method"]')?.click(); return !!document.querySelector('.api-description input[type="file"]') })()`,
      ),
    { what: 'the API description section of the finding' },
  )
  await toolbox.evaluateInPanel(pickFile('bomb.yaml', "'['.repeat(2_569_011) + ']'.repeat(2_569_011)"))
  const said = await poll(
    () =>
      toolbox.evaluateInPanel<string | null>(
        "document.querySelector('.api-description .warn')?.textContent ?? null",
      ),
    { what: 'the refusal of the bomb', timeout: 5_000 },
  )
  assert.equal(said, 'The API description was not used: it is nested deeper than 128 levels.')
  assert.deepEqual(await methods(), ['GET'])

  const spec = JSON.stringify({
    openapi: '3.1.0',
    paths: { '/api/inventory/{item_id}': { get: {}, put: {}, delete: {} } },
  })
  await toolbox.evaluateInPanel(pickFile('inventory.json', JSON.stringify(spec)))
  await poll(async () => JSON.stringify(await methods()) === '["GET","PUT","DELETE"]', {
    what: 'the methods the description lists',
  })
  assert.equal(
    await toolbox.evaluateInPanel<string>(
      "document.querySelector('[data-api-source]')?.dataset.apiSource ?? ''",
    ),
    'inventory.json',
  )
})
