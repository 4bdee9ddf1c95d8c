/**
 * The inline shell: the real panel and the devtools page's real capture controller, talking over
 * the tab channel as in the extension, with fake browser inputs (shell-devtools.ts) and a worker
 * that probes fake servers (fake-worker.ts, servers.ts).
 * Query: ?scenario=demo|empty|load|standalone  &theme=light|dark  &lang=en|vi  &n=10000
 */
/// <reference types="vite/client" />
import '../../src/panel/panel.css'
import { render } from 'preact'
import { parseInWorker } from '../../src/devtools/description-parser'
import { App } from '../../src/panel/app'
import { openLink, tabAdapter } from '../../src/panel/connection'
import { loadTranslator } from '../../src/panel/i18n'
import { applyTheme, watchTheme } from '../../src/panel/theme'
import { broadcastAdapter } from '../../src/shared/channel'
import {
  type DevtoolsToPanel,
  isPanelToDevtools,
  type PanelToDevtools,
  tabChannel,
} from '../../src/shared/messages'
import { fakeWorker } from './fake-worker'
import { DEMO, loadEntries, scenarioEntries } from './scenarios'
import { serverFetch } from './servers'
import { type ShellDevtools, startDevtools } from './shell-devtools'
import { STACKS } from './stacks'

declare global {
  interface Window {
    __md?: { devtools: ShellDevtools | null; loaded?: number; loadMs?: number }
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
    window.__md = { devtools: null }
    render(<App mode="standalone" tabId={null} translator={translator} />, root)
  } else {
    html.dataset.mdMode = 'devtools'
    // A tab of its own per shell page: two shells open side by side do not hear each other.
    const tabId = 1 + Math.floor(Math.random() * 2 ** 30)
    const devtools = await startDevtools({
      tabId,
      panel: broadcastAdapter<PanelToDevtools, DevtoolsToPanel>(tabChannel(tabId), isPanelToDevtools, (why) =>
        console.warn('[shell] dropped panel message:', why),
      ),
      worker: fakeWorker(serverFetch(120)),
      inspectedUrl: `${DEMO}/`,
      parseDescription: parseInWorker,
      // The user allowed the recorded stacks' origins earlier; api.example.com waits for a click.
      approved: STACKS.map((s) => s.origin),
      // A busy page's 1,000 endpoints would queue for the probe budget for minutes.
      ...(scenario === 'load' ? { settings: { probing: false } } : {}),
    })
    window.__md = { devtools }
    if (scenario === 'demo') devtools.request(scenarioEntries())
    render(
      <App
        mode="devtools"
        tabId={tabId}
        translator={translator}
        connect={(cb) => openLink(tabAdapter(tabId), cb)}
      />,
      root,
    )
    if (scenario === 'load') streamLoad(devtools, Number(params.get('n') ?? 10000))
  }
  html.dataset.mdReady = '1'
}

/** Feeds a large capture in bursts, like a busy page, and records how long it took. */
function streamLoad(devtools: ShellDevtools, n: number): void {
  const entries = loadEntries(n)
  const t0 = performance.now()
  let i = 0
  const tick = (): void => {
    devtools.request(entries.slice(i, i + 250))
    i += 250
    if (i < entries.length) setTimeout(tick, 16)
    else window.__md = { devtools, loaded: entries.length, loadMs: performance.now() - t0 }
  }
  setTimeout(tick, 50)
}

void main()
