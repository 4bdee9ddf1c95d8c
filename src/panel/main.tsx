/**
 * Entry point. Picks the mode: inside DevTools (the inspected tab's channel), attached to an
 * open devtools page from a tab (`?tab=auto` or `?tab=<id>`), or standalone (import a HAR).
 */
import { render } from 'preact'
import { App, type AppProps } from './app'
import { deferredLink, discoverTab, discoveryAdapter, openLink, tabAdapter } from './connection'
import { GrantPage } from './grant'
import { loadTranslator, preferredLang } from './i18n'
import { inspectedTabId } from './platform'
import { watchTheme } from './theme'

function plan(params: URLSearchParams): Omit<AppProps, 'translator'> {
  const devtoolsTab = inspectedTabId()
  if (devtoolsTab !== null) {
    return { mode: 'devtools', tabId: devtoolsTab, connect: (cb) => openLink(tabAdapter(devtoolsTab), cb) }
  }
  const tab = params.get('tab')
  if (tab === 'auto') {
    return {
      mode: 'attached',
      tabId: null,
      connect: (cb) => deferredLink(discoverTab(discoveryAdapter()), (id) => openLink(tabAdapter(id), cb)),
    }
  }
  if (tab !== null && /^\d+$/.test(tab)) {
    const id = Number(tab)
    return { mode: 'attached', tabId: id, connect: (cb) => openLink(tabAdapter(id), cb) }
  }
  return { mode: 'standalone', tabId: null }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search)
  const root = document.getElementById('app')!
  const grant = params.get('grant')
  const p: Omit<AppProps, 'translator'> = grant === null ? plan(params) : { mode: 'standalone', tabId: null }
  const html = document.documentElement
  html.dataset.mdMode = p.mode
  watchTheme(p.mode === 'devtools')
  const translator = await loadTranslator(await preferredLang())
  html.lang = translator.lang
  if (grant !== null) {
    const tab = params.get('tab')
    render(
      <GrantPage origin={grant} tabId={tab && /^\d+$/.test(tab) ? Number(tab) : null} tr={translator} />,
      root,
    )
  } else {
    render(<App {...p} translator={translator} />, root)
  }
  html.dataset.mdReady = '1'
}

void main()
