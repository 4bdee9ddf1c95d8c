/**
 * Code evaluated inside the panel (as CDP expressions). Everything reads the DOM the way the
 * e2e suite does (rows carry data-kind; the virtual list sets aria-setsize on its options),
 * with fallbacks so a restyled panel still measures.
 */

/** Rows listed: the listbox's set size when virtualised, else the rows in the DOM. */
const LISTED = `() => {
  const row = document.querySelector('[data-kind][aria-setsize]')
  if (row) return Number(row.getAttribute('aria-setsize')) || 0
  return document.querySelectorAll('[data-kind]').length
}`

/** Installs the long-task observer and the row watcher; call before any traffic. */
export function instrument(target: number): string {
  return `(() => {
    const listed = ${LISTED}
    const s = { target: ${target}, installedAt: Date.now(), supported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
      longtasks: [], firstRowAt: 0, firstRowPaintAt: 0, allAt: 0, maxListed: 0, mutations: 0 }
    globalThis.__bench = s
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) s.longtasks.push({
        at: performance.timeOrigin + e.startTime, duration: e.duration, name: e.name,
        attribution: (e.attribution || []).map((a) => [a.containerType, a.containerSrc, a.containerName].filter(Boolean).join(' ')),
      })
    }).observe({ type: 'longtask' })
    new MutationObserver(() => {
      s.mutations++
      const n = listed()
      if (n > s.maxListed) s.maxListed = n
      const now = Date.now()
      if (n > 0 && !s.firstRowAt) {
        s.firstRowAt = now
        requestAnimationFrame(() => { s.firstRowPaintAt = Date.now() })
      }
      if (n >= s.target && !s.allAt) s.allAt = now
    }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-setsize'] })
    return s.supported
  })()`
}

export const READ_STATE = `(() => { const s = globalThis.__bench; return { ...s, listed: (${LISTED})() } })()`

/**
 * Steps the virtual list's scroll container from top to bottom, a page at a time, two frames per
 * step, in the background (a 10k-row list takes longer than one CDP command may): READ_SCROLL
 * returns the result once it is done.
 */
export const START_SCROLL = `(globalThis.__benchScroll = null, (async () => {
  const el = document.querySelector('[role="listbox"]') || document.querySelector('.vlist')
  if (!el) return { error: 'no scroll container' }
  let rafFrames = 0
  const frame = () => new Promise((resolve) => {
    let done = false
    requestAnimationFrame(() => { done = true; rafFrames++; resolve() })
    setTimeout(() => { if (!done) resolve() }, 250)
  })
  el.scrollTop = 0
  await frame(); await frame()
  const ids = new Set()
  const stepsMs = []
  const maxTop = el.scrollHeight - el.clientHeight
  const startAt = Date.now()
  for (let top = 0; ; top = Math.min(maxTop, top + el.clientHeight)) {
    const t = performance.now()
    el.scrollTop = top
    await frame(); await frame()
    for (const r of el.querySelectorAll('[data-kind]')) ids.add(r.getAttribute('data-id') || r.id || r.getAttribute('data-url'))
    stepsMs.push(performance.now() - t)
    if (top >= maxTop) break
  }
  const last = [...el.querySelectorAll('[aria-posinset]')].map((r) => Number(r.getAttribute('aria-posinset')))
  return { startAt, endAt: Date.now(), steps: stepsMs.length, stepsMs, rafFrames, uniqueRows: ids.size,
    clientHeight: el.clientHeight, scrollHeight: el.scrollHeight, lastPosinset: last.length ? Math.max(...last) : 0 }
})().then((r) => { globalThis.__benchScroll = r }, (e) => { globalThis.__benchScroll = { error: String(e) } }), true)`

export const READ_SCROLL = 'globalThis.__benchScroll ?? null'

/** Turns the panel's own Preserve log on as a user would (its checkbox); returns whether it is checked. */
export const PRESERVE_LOG = `(() => {
  const box = document.querySelector('input[data-setting="preserveLog"]')
  if (!box) return false
  if (!box.checked) box.click()
  return box.checked
})()`

/** The request count the panel's status bar shows (-1 when it shows none). */
export const REQUESTS_SHOWN = `(() => {
  const el = document.querySelector('[data-requests]')
  return el ? Number(el.getAttribute('data-requests')) : -1
})()`

export const HEAP = `performance.memory ? { used: performance.memory.usedJSHeapSize, total: performance.memory.totalJSHeapSize } : null`

/** A long-task observer alone, for the devtools page (where the engine runs). */
export const OBSERVE_LONGTASKS = `(() => {
  const s = { longtasks: [] }
  globalThis.__benchLongtasks = s
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longtasks.push({ at: performance.timeOrigin + e.startTime, duration: e.duration, name: e.name })
  }).observe({ type: 'longtask' })
  return true
})()`

export const READ_LONGTASKS = 'globalThis.__benchLongtasks ? globalThis.__benchLongtasks.longtasks : []'
