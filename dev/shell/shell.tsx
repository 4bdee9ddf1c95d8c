/**
 * The inline shell: the real panel, fed by a fake devtools page over memoryPair.
 * Query: ?scenario=demo|empty|load|standalone  &theme=light|dark  &lang=en|vi  &n=10000
 */
/// <reference types="vite/client" />
import '../../src/panel/panel.css'
import { render } from 'preact'
import { App } from '../../src/panel/app'
import { openLink } from '../../src/panel/connection'
import { loadTranslator } from '../../src/panel/i18n'
import { applyTheme, watchTheme } from '../../src/panel/theme'
import { memoryPair } from '../../src/shared/channel'
import type { DevtoolsToPanel, PanelToDevtools } from '../../src/shared/messages'
import { FakeDevtools } from './fake-devtools'
import { loadEntries, scenarioEntries } from './scenarios'

declare global {
  interface Window {
    __md?: { fake: FakeDevtools | null; loaded?: number; loadMs?: number }
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search)
  const scenario = params.get('scenario') ?? 'demo'
  const theme = params.get('theme')
  if (theme === 'dark' || theme === 'light') applyTheme(theme)
  else watchTheme(false)
  const translator = await loadTranslator(params.get('lang') === 'vi' ? 'vi' : 'en')
  const html = document.documentElement
  html.lang = translator.lang
  const root = document.getElementById('app')!

  if (scenario === 'standalone') {
    html.dataset.mdMode = 'standalone'
    window.__md = { fake: null }
    render(<App mode="standalone" tabId={null} translator={translator} />, root)
  } else {
    html.dataset.mdMode = 'devtools'
    const [panelEnd, devtoolsEnd] = memoryPair<DevtoolsToPanel, PanelToDevtools>()
    const fake = new FakeDevtools(devtoolsEnd)
    window.__md = { fake }
    if (scenario === 'demo') fake.add(scenarioEntries())
    render(
      <App mode="devtools" tabId={1} translator={translator} connect={(cb) => openLink(panelEnd, cb)} />,
      root,
    )
    if (scenario === 'load') streamLoad(fake, Number(params.get('n') ?? 10000))
  }
  html.dataset.mdReady = '1'
}

/** Feeds a large capture in bursts, like a busy page, and records how long it took. */
function streamLoad(fake: FakeDevtools, n: number): void {
  const entries = loadEntries(n)
  const t0 = performance.now()
  let i = 0
  const tick = (): void => {
    fake.add(entries.slice(i, i + 250), false)
    i += 250
    if (i < entries.length) setTimeout(tick, 16)
    else window.__md = { fake, loaded: entries.length, loadMs: performance.now() - t0 }
  }
  setTimeout(tick, 50)
}

void main()
