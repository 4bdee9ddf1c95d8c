import browser from 'webextension-polyfill'
import { broadcastAdapter } from '../shared/channel'
import {
  type DevtoolsToPanel,
  DISCOVERY_CHANNEL,
  describeDrop,
  isDiscovery,
  isPanelToDevtools,
  type PanelToDevtools,
  tabChannel,
} from '../shared/messages'
import { CHROME_BACKFILL, FIREFOX_BACKFILL } from './backfill-policy'
import { fetchBody, needsBody } from './body'
import { CaptureController } from './capture'
import type { MethodDoctorHook } from './debug-hook'
import { parseInWorker } from './description-parser'
import { WorkerPort } from './port'
import { loadSettings, saveSettings } from './settings'
import { type EvalOutcome, TryFix } from './try-fix'

/**
 * The devtools page lives as long as DevTools is open for the tab, whether or not the panel was
 * ever shown: it is where capture starts, so nothing before the first look at the panel is lost.
 */
const tabId = browser.devtools.inspectedWindow.tabId
let inspectedUrl = ''
/** When DevTools reported the last navigation (wall clock, as HAR times are); -Infinity: none yet. */
let inspectedSince = Number.NEGATIVE_INFINITY

/**
 * The inspected page's URL now: one fixed expression, nothing from captured data. `location` is
 * unforgeable, so the page cannot make it answer another origin. Null where eval is refused
 * (chrome:// pages) or the answer is not a string.
 */
async function currentHref(): Promise<string | null> {
  try {
    // The polyfill resolves to [result, exceptionInfo] in Firefox and to the bare result in Chrome.
    const answer = (await browser.devtools.inspectedWindow.eval('location.href')) as unknown
    const href = Array.isArray(answer) ? answer[0] : answer
    return typeof href === 'string' ? href : null
  } catch {
    return null
  }
}
// Asked at once: the page's site decides what is probed without a click, before the first probe.
const firstHref = currentHref()

browser.devtools.panels
  .create('Method Doctor', '/icons/icon-48.png', '/src/panel/index.html')
  .catch(() => undefined)

const panel = broadcastAdapter<PanelToDevtools, DevtoolsToPanel>(
  tabChannel(tabId),
  isPanelToDevtools,
  (why) => console.warn('[method-doctor] dropped panel message:', why),
)
let controller: CaptureController | null = null
/** The start-up getHAR() has been read: from here on capture is events only in Firefox. */
let started = false
const early: unknown[] = []

const port = new WorkerPort(() => controller?.reconnected())

/**
 * Runs one of Try the fix's constant expressions in the page. Through the polyfill both browsers
 * resolve to [result, exceptionInfo]; an exception, an eval error (a privileged page in Firefox)
 * or a rejection means the page cannot run it, and says why.
 */
async function evaluate(expression: string): Promise<EvalOutcome> {
  try {
    const answer = (await browser.devtools.inspectedWindow.eval(expression)) as unknown
    const [value, info] = Array.isArray(answer) ? answer : [answer, undefined]
    const failed = info as
      | {
          isException?: unknown
          isError?: unknown
          value?: unknown
          description?: unknown
          details?: unknown
        }
      | undefined
    if (failed?.isException || failed?.isError) {
      // Firefox: "Inspector protocol error: %s" with the reason in `details`.
      const details = Array.isArray(failed.details) ? failed.details.map(String) : []
      const text = String(failed.description ?? failed.value ?? 'eval failed')
      return { ok: false, reason: text.replace(/%s/g, () => details.shift() ?? '') }
    }
    return { ok: true, value }
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) }
  }
}

/** How long the dialog may wait for DevTools' log (a long capture's getHAR() is slow). */
const BODY_LOOKUP_MS = 2500

/** The body of the page's latest request with this method and URL in DevTools' own log, if any. */
async function capturedBody(method: string, url: string): Promise<string | null> {
  const lookup = (async () => {
    const log = (await browser.devtools.network.getHAR()) as { entries?: unknown[] }
    const entries = Array.isArray(log.entries) ? log.entries : []
    for (let i = entries.length - 1; i >= 0; i--) {
      const r = (
        entries[i] as { request?: { method?: unknown; url?: unknown; postData?: { text?: unknown } } }
      )?.request
      if (r?.method === method && r.url === url)
        return typeof r.postData?.text === 'string' ? r.postData.text : null
    }
    return null
  })()
  return Promise.race([lookup, new Promise<null>((r) => setTimeout(() => r(null), BODY_LOOKUP_MS))])
}

const tryFix = new TryFix({
  panel,
  finding: (id) => controller?.engine.findings({ ids: [id] })[0],
  pageUrl: () => inspectedUrl,
  evaluate,
  content: (request) => fetchBody(request as Parameters<typeof fetchBody>[0]),
  requestBody: (method, url) => capturedBody(method, url),
  later: (fn, ms) => setTimeout(fn, ms),
  now: () => Date.now(),
  random: () =>
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''),
})

// Listen before anything async, so requests finishing during start-up are not missed.
browser.devtools.network.onRequestFinished.addListener((request) => {
  const entry = request as unknown as { response?: { status?: number; content?: { text?: string } } }
  tryFix.seen(entry, request)
  if (controller) controller.add(entry)
  else early.push(entry)
  const status = entry.response?.status ?? 0
  if (needsBody(status) && !entry.response?.content?.text) {
    // Before the controller exists nothing can have been cleared: that is epoch 0.
    const epoch = controller?.epoch ?? 0
    void fetchBody(request).then((body) => {
      if (body === '' || !entry.response || !controller) return
      // Same entry again with its body: the engine upgrades its copy and re-fingerprints. The
      // controller drops it if a navigation cleared the capture meanwhile (the old page's request
      // must not come back) unless the navigation kept this entry as the new page's.
      const withBody = {
        ...entry,
        response: { ...entry.response, content: { ...(entry.response.content ?? {}), text: body } },
      }
      controller.addBody(entry, withBody, epoch)
    })
  }
})

/** Navigations handled so far: lets a test wait for one instead of sleeping. */
let navigations = 0
browser.devtools.network.onNavigated.addListener((url) => {
  inspectedUrl = url
  // Requests that started before this report stay the old page's (site-timeline.ts).
  inspectedSince = Date.now()
  controller?.navigated(url)
  controller?.inspected(url, inspectedSince)
  navigations++
})

void (async () => {
  const settings = await loadSettings()
  controller = new CaptureController({
    tabId,
    panel,
    worker: port,
    settings,
    saveSettings,
    getHAR: async () => ((await browser.devtools.network.getHAR()) as { entries?: unknown[] }).entries ?? [],
    // Only Firefox has runtime.getBrowserInfo; the polyfill does not add it to Chrome.
    backfill: 'getBrowserInfo' in browser.runtime ? FIREFOX_BACKFILL : CHROME_BACKFILL,
    later: (fn, ms) => setTimeout(fn, ms),
    now: () => Date.now(),
    inspectedUrl: () => inspectedUrl,
    parseDescription: parseInWorker,
  })
  // The site is known before anything can be probed, unless eval is slow (a busy page): then
  // probes of the site are refused until it arrives, and asked again then.
  const href = await Promise.race([firstHref, new Promise<null>((r) => setTimeout(() => r(null), 1000))])
  if (href !== null && inspectedUrl === '') inspectedUrl = href
  // The page DevTools opened on made everything before it; a navigation during start-up did not.
  if (inspectedUrl !== '') controller.inspected(inspectedUrl, inspectedSince)
  for (const e of early.splice(0)) controller.add(e)
  // Read-only view for tests and for debugging the devtools page from DevTools-on-DevTools.
  const c = controller
  Object.defineProperty(globalThis, '__methodDoctor', {
    value: Object.freeze({
      stats: () => c.stats(),
      probes: () => c.probeStates(),
      descriptions: () => c.apiDescriptions(),
      findings: () => c.engine.findings(),
      ready: () => started,
      navigations: () => navigations,
    } satisfies MethodDoctorHook),
  })
  await controller.backfill()
  started = true
  const late = await firstHref
  if (late !== null && inspectedUrl === '') {
    inspectedUrl = late
    controller.inspected(late, Number.NEGATIVE_INFINITY)
  }
})()

// Let a panel opened in an ordinary tab (?tab=auto) find this DevTools session.
const discovery = new BroadcastChannel(DISCOVERY_CHANNEL)
discovery.onmessage = (e: MessageEvent<unknown>) => {
  if (!isDiscovery(e.data)) {
    console.warn('[method-doctor] dropped discovery message:', describeDrop(e.data))
    return
  }
  if (e.data.type === 'panel/discover')
    discovery.postMessage({ type: 'devtools/announce', tabId, url: inspectedUrl })
}
discovery.postMessage({ type: 'devtools/announce', tabId, url: inspectedUrl })
