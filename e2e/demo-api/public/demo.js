// Drives the demo scenarios so Method Doctor has real traffic to diagnose.
// Plain JS with no inline script, so it works under any CSP and needs no build.

/** @typedef {{ id: string, title: string, method: string, path: string, via: 'fetch' | 'form', crossOrigin?: boolean, body?: string, contentType?: string, expect: string[] }} Scenario */
/** @typedef {{ status: number } | { error: string }} Outcome */

const FORM_TIMEOUT_MS = 10_000

/** @type {Promise<{ origin: string, corsOrigin: string, scenarios: Scenario[] }>} */
const config = fetch('/demo-config.json').then((res) => res.json())

// Runs are serialised: form scenarios share one iframe, and the log reads best in order.
let queue = Promise.resolve()

/** @param {string} id @returns {Promise<Outcome>} */
function runScenario(id) {
  const run = queue.then(() => runNow(id))
  queue = run.then(
    () => undefined,
    () => undefined,
  )
  return run
}

async function runAll() {
  const { scenarios } = await config
  for (const scenario of scenarios) await runScenario(scenario.id)
}

/** @param {string} id @returns {Promise<Outcome>} */
async function runNow(id) {
  const { scenarios, corsOrigin } = await config
  const scenario = scenarios.find((s) => s.id === id)
  if (!scenario) return { error: `unknown scenario: ${id}` }
  const url = (scenario.crossOrigin ? corsOrigin : location.origin) + scenario.path
  const row = addResultRow(scenario, url)
  const { outcome, finalUrl } =
    scenario.via === 'form' ? await submitForm(scenario) : await send(scenario, url)
  showOutcome(row, outcome, finalUrl === url ? '' : finalUrl)
  return outcome
}

/** @param {Scenario} scenario @param {string} url */
async function send(scenario, url) {
  /** @type {RequestInit} */
  const init = { method: scenario.method }
  if (scenario.body !== undefined) init.body = scenario.body
  if (scenario.contentType) init.headers = { 'Content-Type': scenario.contentType }
  try {
    const res = await fetch(url, init)
    // Read the body so DevTools records a complete response.
    await res.text()
    return { outcome: { status: res.status }, finalUrl: res.url }
  } catch (err) {
    return { outcome: { error: err instanceof Error ? err.message : String(err) }, finalUrl: url }
  }
}

/**
 * Submits a real <form> into the hidden iframe, so the browser does a genuine form
 * navigation (redirects and all) without leaving this page.
 * @param {Scenario} scenario
 */
function submitForm(scenario) {
  const found = /** @type {HTMLIFrameElement | null} */ (document.querySelector('iframe[name="formsink"]'))
  if (!found) return Promise.resolve({ outcome: { error: 'the page has no form sink' }, finalUrl: '' })
  const frame = found
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      frame.removeEventListener('load', onLoad)
      resolve({ outcome: { error: 'timed out' }, finalUrl: '' })
    }, FORM_TIMEOUT_MS)
    function onLoad() {
      clearTimeout(timer)
      resolve({ outcome: { status: frameStatus(frame) }, finalUrl: frame.contentWindow?.location.href ?? '' })
    }
    frame.addEventListener('load', onLoad, { once: true })

    const form = document.createElement('form')
    form.method = scenario.method.toLowerCase()
    form.action = scenario.path
    form.target = 'formsink'
    if (scenario.contentType) form.enctype = scenario.contentType
    for (const [name, value] of new URLSearchParams(scenario.body ?? '')) {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = name
      input.value = value
      form.append(input)
    }
    document.body.append(form)
    form.submit()
    form.remove()
  })
}

// A load event carries no status; the same-origin frame's navigation timing does.
/** @param {HTMLIFrameElement} frame */
function frameStatus(frame) {
  const [navigation] = frame.contentWindow?.performance.getEntriesByType('navigation') ?? []
  return navigation && 'responseStatus' in navigation ? Number(navigation.responseStatus) : 0
}

/** @param {Scenario} scenario @param {string} url */
function addResultRow(scenario, url) {
  const row = document.createElement('li')
  row.dataset.scenario = scenario.id
  row.append(span('method', scenario.method), ' ', span('url', url), ' → ', span('outcome', '…'))
  document.getElementById('results')?.append(row)
  return row
}

/** @param {HTMLLIElement} row @param {Outcome} outcome @param {string} finalUrl */
function showOutcome(row, outcome, finalUrl) {
  const cell = row.querySelector('.outcome')
  if (!cell) return
  if ('status' in outcome) {
    row.dataset.status = String(outcome.status)
    cell.textContent = String(outcome.status)
    cell.classList.add(`s${String(outcome.status)[0]}`)
  } else {
    row.dataset.status = 'error'
    cell.textContent = `network error: ${outcome.error}`
    cell.classList.add('error')
  }
  if (finalUrl) row.append(' ', span('final-url', `(ended at ${new URL(finalUrl).pathname})`))
}

/** @param {string} className @param {string} text */
function span(className, text) {
  const el = document.createElement('span')
  el.className = className
  el.textContent = text
  return el
}

/** @param {Scenario} scenario */
function scenarioRow(scenario) {
  const row = document.createElement('li')
  const button = document.createElement('button')
  button.type = 'button'
  button.dataset.scenario = scenario.id
  button.textContent = scenario.title
  button.addEventListener('click', () => runScenario(scenario.id))
  const where = scenario.crossOrigin ? 'other origin ' : ''
  const how = scenario.via === 'form' ? ' (form)' : ''
  row.append(button, span('request', `${scenario.method} ${where}${scenario.path}${how}`))
  if (scenario.expect.length) row.append(span('expects', scenario.expect.join(', ')))
  return row
}

async function renderButtons() {
  const { scenarios } = await config
  for (const scenario of scenarios) {
    const group = document.getElementById(scenario.expect.length ? 'broken' : 'working')
    group?.append(scenarioRow(scenario))
  }
}

Object.assign(window, { runScenario, runAll })
document.getElementById('run-all')?.addEventListener('click', () => runAll())
document.getElementById('clear-results')?.addEventListener('click', () => {
  document.getElementById('results')?.replaceChildren()
})
renderButtons()

// `?run=all` (or `?run=get-only,cors`) runs scenarios once on load, so `npm start` opens on a
// demo that has already happened. The page's own buttons do the same; nothing is injected.
// `data-run="done"` on <html> tells a watching script that every request has been answered.
async function runFromQuery() {
  const wanted = new URLSearchParams(location.search).get('run')
  if (!wanted) return
  if (wanted === 'all') await runAll()
  else for (const id of wanted.split(',')) if (id) await runScenario(id)
  document.documentElement.dataset.run = 'done'
}
runFromQuery()
