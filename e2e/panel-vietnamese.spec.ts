/**
 * The panel in both languages, in real Chromium DevTools: every kind label fits the kind column and
 * every button shows its whole label where the panel is narrow; and the README's Vietnamese
 * pictures, light and dark.
 */
import { readFileSync } from 'node:fs'
import { expect, type PanelFixture, test } from './support/fixtures'
import { panelSays } from './support/panel-says'
import { meanLuminance } from './support/png-luminance'

type Lang = 'en' | 'vi'
type DemoWindow = Window & { runScenario(id: string): Promise<unknown>; runAll(): Promise<void> }
const run = (id: string) => (window as unknown as DemoWindow).runScenario(id)
const click = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true })()`

/** Every kind's short label in a language, read where the panel reads it. */
function kindLabels(lang: Lang): { kind: string; label: string }[] {
  const messages = JSON.parse(readFileSync(`src/locales/${lang}/findings.json`, 'utf8')) as Record<
    string,
    { message: string }
  >
  return Object.entries(messages)
    .filter(([id]) => id.startsWith('ui_kind_short_'))
    .map(([id, { message }]) => ({ kind: id.slice('ui_kind_short_'.length), label: message }))
}

async function setLang(panel: PanelFixture, lang: Lang): Promise<void> {
  await panel.poll(
    `(() => { const s = [...document.querySelectorAll('select')].find((x) => [...x.options].some((o) => o.value === 'vi')); if (!s) return false; s.value = ${JSON.stringify(lang)}; s.dispatchEvent(new Event('change', { bubbles: true })); return true })()`,
  )
  await expect.poll(() => panel.evaluate<string>('document.documentElement.lang')).toBe(lang)
}

/** DevTools docked at the bottom of a window this wide: the panel gets about the whole width. */
async function dockBottom(panel: PanelFixture, width: number, height = 800): Promise<number> {
  await panel.page.setViewportSize({ width, height })
  await panel.frontend.evaluate(
    `(async () => { const UI = await import('./ui/legacy/legacy.js'); UI.DockController.DockController.instance().setDockSide('bottom'); return true })()`,
  )
  await panel.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))',
  )
  return panel.evaluate<number>('document.documentElement.clientWidth')
}

/**
 * Each label drawn in a real row's first kind chip, in place of the chip there: its natural width,
 * the width the chip gets, and whether it is whole (not cut with an ellipsis).
 */
const measureChips = (rowSelector: string, labels: string[]) => `(() => {
  const row = document.querySelector(${JSON.stringify(rowSelector)})
  const chip = row?.querySelector('.c-kind .kchip')
  if (!chip) return null
  const column = row.querySelector('.c-kind').getBoundingClientRect()
  chip.style.display = 'none'
  try {
    return ${JSON.stringify(labels)}.map((label) => {
      const probe = chip.cloneNode(false)
      probe.style.display = ''
      probe.textContent = label
      chip.before(probe)
      const r = probe.getBoundingClientRect()
      const out = { label, natural: probe.scrollWidth, width: Math.round(r.width * 10) / 10, column: column.width, whole: probe.scrollWidth <= probe.clientWidth && r.right <= column.right + 0.5 }
      probe.remove()
      return out
    })
  } finally {
    chip.style.display = ''
  }
})()`

/** Buttons (and selects, tabs) whose label is cut, or that reach past the panel's edge. */
const CUT_CONTROLS = `(() => {
  const width = document.documentElement.clientWidth
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true } return false }
  return [...document.querySelectorAll('button, select, [role=tab]')].flatMap((el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || el.closest('[hidden], .sr-only')) return []
    const name = (el.textContent.trim() || el.getAttribute('aria-label') || el.tagName).slice(0, 40)
    const cut = el.tagName !== 'SELECT' && el.scrollWidth > el.clientWidth + 1
    const out = !scrolls(el) && (r.right > width + 0.5 || r.left < -0.5)
    return cut || out ? [name + (cut ? ' (cut: ' + el.scrollWidth + ' > ' + el.clientWidth + ')' : '') + (out ? ' (past the edge)' : '')] : []
  })
})()`

const DETAIL_HEAD = `(() => {
  const head = document.querySelector('.detail-head')
  if (!head) return null
  const w = (el) => el ? Math.round(el.getBoundingClientRect().width * 10) / 10 : 0
  const copy = [...head.querySelectorAll('button')].find((b) => /Markdown/.test(b.textContent))
  return { head: w(head), height: Math.round(head.getBoundingClientRect().height), title: w(head.querySelector('h2')), copy: w(copy), copyText: copy?.textContent ?? '' }
})()`

const LANGS: Lang[] = ['en', 'vi']
const ONE_KIND = '#md-list [data-url$="/api/items"]'
const TWO_KINDS = '#md-list [data-url$="/api/orders"]'

/** Two rows: one with a single kind, one with two (its first chip shares the column with "+1"). */
async function twoRows(panel: PanelFixture): Promise<void> {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  for (const id of ['get-only', 'slash-301']) await panel.page.evaluate(run, id)
  await panel.poll(
    `document.querySelector(${JSON.stringify(TWO_KINDS)})?.dataset.kinds.split(' ').length === 2 && !!document.querySelector(${JSON.stringify(ONE_KIND)})`,
  )
}

interface ChipFit {
  label: string
  natural: number
  width: number
  column: number
  whole: boolean
}

test('every kind label fits the kind column, in both languages, where that column is narrowest', async ({
  panel,
}, testInfo) => {
  await twoRows(panel)
  const measured: string[] = []
  for (const lang of LANGS) {
    await setLang(panel, lang)
    const labels = kindLabels(lang).map((k) => k.label)
    expect(labels).toHaveLength(14)
    // 1000 px: the list's 150 px kind column with "+1"; 700 px: its narrowest layout before the
    // column gives way (panel.css, @container list 880px).
    for (const width of [1000, 700]) {
      expect(await dockBottom(panel, width)).toBe(width)
      for (const [what, row] of [
        ['alone', ONE_KIND],
        ['beside +1', TWO_KINDS],
      ] as const) {
        const fits = await panel.poll<ChipFit[]>(measureChips(row, labels))
        for (const f of fits)
          measured.push(`${lang} ${width}px ${what}: ${f.label} ${f.natural}/${f.width}px of ${f.column}`)
        expect(
          fits.filter((f) => !f.whole).map((f) => `${f.label}: ${f.natural} px in ${f.width}`),
          `${lang}, panel ${width} px, chip ${what}`,
        ).toEqual([])
      }
    }
  }
  await testInfo.attach('kind-chip-widths.txt', { body: measured.join('\n'), contentType: 'text/plain' })
})

test('buttons keep their whole label where the panel is narrow, in both languages', async ({
  panel,
}, testInfo) => {
  await twoRows(panel)
  const copyWidth: Partial<Record<Lang, number>> = {}
  const measured: string[] = []
  for (const lang of LANGS) {
    await setLang(panel, lang)
    for (const width of [560, 420, 360]) {
      expect(await dockBottom(panel, width)).toBe(width)
      expect(await panel.evaluate<string[]>(CUT_CONTROLS), `${lang} ${width}px list`).toEqual([])
      // The export menu, open.
      await panel.poll(click('[aria-haspopup="dialog"]'))
      await panel.poll('!!document.querySelector(".menu .menu-item")')
      expect(await panel.evaluate<string[]>(CUT_CONTROLS), `${lang} ${width}px export menu`).toEqual([])
      await panel.poll(click('[aria-haspopup="dialog"]'))
      await panel.poll('!document.querySelector(".menu .menu-item")')
      // The narrow layout: the detail takes the panel, its head holds Back, the title and Copy.
      await panel.poll(click(TWO_KINDS))
      const head = await panel.poll<{
        head: number
        height: number
        title: number
        copy: number
        copyText: string
      }>(DETAIL_HEAD)
      measured.push(`${lang} ${width}px: ${JSON.stringify(head)}`)
      expect(await panel.evaluate<string[]>(CUT_CONTROLS), `${lang} ${width}px detail`).toEqual([])
      expect(
        await panel.evaluate<boolean>(
          '(() => { const h = document.querySelector(".detail-head"); return h.scrollWidth <= h.clientWidth })()',
        ),
      ).toBe(true)
      copyWidth[lang] = head.copy
      await panel.poll(click('.detail-head button'))
      await panel.poll('!document.querySelector(".detail")')
    }
  }
  await testInfo.attach('detail-head-widths.txt', { body: measured.join('\n'), contentType: 'text/plain' })
  // The translation does not widen the detail head: Copy as Markdown is about as wide in both.
  expect(copyWidth.vi!).toBeLessThanOrEqual(copyWidth.en! + 10)
})

// The README's Vietnamese pictures, as panel.spec.ts takes the English ones: written to
// test-results on every run, to docs/img with UPDATE_SCREENSHOTS=1.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/img' : 'test-results/screenshots'

/** Docked at the bottom, all scenarios run, one redirect finding open, in Vietnamese, in `theme`. */
async function vietnameseShot(panel: PanelFixture, file: string, theme: 'light' | 'dark'): Promise<void> {
  await panel.devtoolsPage.evaluate(panelSays({ type: 'panel/settings', settings: { probing: false } }))
  await dockBottom(panel, 1280, 900)
  if (theme === 'dark') {
    await panel.frontend.evaluate(
      `(async () => { const Common = await import('./core/common/common.js'); Common.Settings.Settings.instance().moduleSetting('ui-theme').set('dark'); return true })()`,
    )
  }
  await expect
    .poll(() => panel.evaluate<string | undefined>('document.documentElement?.dataset.theme'))
    .toBe(theme)
  await setLang(panel, 'vi')
  await panel.page.evaluate(() => (window as unknown as DemoWindow).runAll())
  await expect
    .poll(async () => panel.evaluate<number>("document.querySelectorAll('#md-list .row').length"))
    .toBeGreaterThan(12)
  await panel.poll(click('#md-list [data-kind="redirect-method-change"][data-url$="/api/orders"]'))
  await expect
    .poll(() => panel.evaluate<string>("document.querySelector('#md-detail-title')?.textContent ?? ''"))
    .toContain('Chuyển hướng đã đổi phương thức')
  await panel.evaluate('(document.activeElement?.blur(), true)')
  await panel.screenshot(file)
  // What the picture shows, not what the DOM says: light is light, dark is dark.
  const luminance = await meanLuminance(panel.page, file)
  if (theme === 'dark') expect(luminance).toBeLessThan(90)
  else expect(luminance).toBeGreaterThan(170)
}

test('screenshot of the Vietnamese panel inside DevTools, for the README', async ({ panel }) => {
  await vietnameseShot(panel, `${shots}/devtools-panel-vi.png`, 'light')
})

test.describe('headed', () => {
  // As for the English picture: headless DevTools repaints a theme change only partly.
  test.use({ virtualDisplay: true })
  test('screenshot of the Vietnamese panel inside dark DevTools, for the README', async ({ panel }) => {
    await vietnameseShot(panel, `${shots}/devtools-panel-vi-dark.png`, 'dark')
  })
})
