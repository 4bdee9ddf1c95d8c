import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectedWithoutProbe } from './demo-api/scenarios'
import { KINDS_OF_ROW } from './support/findings'
import { expect, test } from './support/fixtures'

const rowsExpr = `Array.from(document.querySelectorAll('#md-list [data-kind]'), (e) => ${KINDS_OF_ROW}(e).map((k) => k + ' ' + e.dataset.method + ' ' + new URL(e.dataset.url).pathname)).flat().sort()`

/**
 * A large HAR written piece by piece: the Firefox recording's entries, then plain successes until
 * `mb` megabytes, so the import takes long enough to watch and the findings are the recording's.
 */
function largeHar(dir: string, mb: number): { path: string; requests: number } {
  const recorded = JSON.parse(readFileSync('test/fixtures/har/demo-firefox-gethar.har', 'utf8')) as {
    log: { entries: unknown[] }
  }
  const path = join(dir, 'large.har')
  const fd = openSync(path, 'w')
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"e2e","version":"1"},"entries":[')
  let requests = 0
  let size = 0
  for (const e of recorded.log.entries) {
    writeSync(fd, `${requests++ > 0 ? ',' : ''}${JSON.stringify(e)}`)
  }
  const body = 'x'.repeat(8 * 1024)
  while (size < mb * 1024 * 1024) {
    const entry = JSON.stringify({
      startedDateTime: new Date(Date.UTC(2026, 11, 5, 0, 0, 0, requests)).toISOString(),
      time: 1,
      serverIPAddress: '127.0.0.1',
      request: { method: 'GET', url: `http://127.0.0.1:9/static/${requests}.js`, headers: [] },
      response: { status: 200, statusText: 'OK', headers: [], content: { size: body.length, text: body } },
    })
    writeSync(fd, `,${entry}`)
    size += entry.length
    requests++
  }
  writeSync(fd, ']}}')
  closeSync(fd)
  return { path, requests }
}

test('a large HAR imports as a stream: progress shows, Cancel leaves the panel as it was, a full import finds what the recording holds', async ({
  extension,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'md-import-'))
  try {
    const { path, requests } = largeHar(dir, 160)
    const tab = await extension.openPanelTab('')
    await expect.poll(() => tab.evaluate(() => document.documentElement.dataset.mdMode)).toBe('standalone')
    await tab.setInputFiles('input[type=file]', path)
    // Progress: a bar and a percentage below 100, while the file is still being read.
    await expect
      .poll(() =>
        tab.evaluate(() => {
          const bar = document.querySelector<HTMLProgressElement>('.infobar.importing progress')
          return bar && bar.value > 0 ? { value: bar.value, max: bar.max } : null
        }),
      )
      .not.toBeNull()
    const shown = await tab.evaluate(() => ({
      text: document.querySelector('.infobar.importing [role=status]')?.textContent ?? '',
      max: document.querySelector<HTMLProgressElement>('.infobar.importing progress')?.max ?? 0,
    }))
    expect(shown.text).toMatch(/^Importing large\.har… \d+%$/)
    expect(Number(/(\d+)%/.exec(shown.text)![1])).toBeLessThan(100)
    await tab.screenshot({ path: 'test-results/import-progress.png' })
    await tab.click('.infobar.importing button')
    await expect.poll(() => tab.evaluate(() => !!document.querySelector('.infobar.importing'))).toBe(false)
    expect(await tab.evaluate(() => document.querySelectorAll('#md-list [data-kind]').length)).toBe(0)
    expect(await tab.evaluate(() => !!document.querySelector('.infobar.error'))).toBe(false)
    // The same file again, to the end: every request counted, the recording's findings.
    await tab.setInputFiles('input[type=file]', [])
    await tab.setInputFiles('input[type=file]', path)
    await expect
      .poll(() => tab.evaluate(rowsExpr as unknown as () => string[]), { timeout: 60_000 })
      .toEqual(expectedWithoutProbe())
    await expect
      .poll(() => tab.evaluate(() => document.body.textContent ?? ''))
      .toContain(requests.toLocaleString('en'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
