/**
 * The common flows in real Firefox (firefox-esr over WebDriver BiDi, the built add-on installed, a
 * toolbox open), read back as Firefox DevTools' own HAR through the add-on's devtools page:
 * `record-real-flows.ts <stack> --firefox`. Playwright cannot drive stock Firefox, so this is a
 * puppeteer-core copy of the flows in record-real-flows-drive.ts, without the blocked request
 * (no request interception here) and without the stacks' own flows.
 */
import type { Page } from 'puppeteer-core'
import { launchFirefox } from '../e2e/firefox/support'
import type { FlowRunner } from './record-real-flows-drive'
import { PASSWORD, type Stack } from './record-real-flows-stacks'

/** JSON plus the CSRF header the page's own script would send: Django's cookie or Rails' meta tag. */
function headers(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const json = { 'Content-Type': 'application/json' }
    const cookie = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='))
    if (cookie) return { ...json, 'X-CSRFToken': cookie.slice('csrftoken='.length) }
    const meta = document.querySelector('meta[name=csrf-token]')?.getAttribute('content')
    return meta ? { ...json, 'X-CSRF-Token': meta } : json
  })
}

async function call(page: Page, url: string, method: string, body: string): Promise<string> {
  return page.evaluate(
    async (url: string, method: string, body: string, headers: Record<string, string>) => {
      try {
        const r = await fetch(url, { method, headers, body })
        const text = await r.text()
        return `${r.status} ${r.redirected ? 'redirected ' : ''}${r.url} ${text.slice(0, 60)}`
      } catch (e) {
        return String(e)
      }
    },
    url,
    method,
    body,
    await headers(page),
  )
}

async function submit(page: Page, selector: string): Promise<string> {
  await Promise.all([page.waitForNavigation(), page.click(selector)])
  return page.url()
}

export async function recordInFirefox(stack: Stack, origin: string, flow: FlowRunner): Promise<string> {
  const ff = await launchFirefox()
  try {
    // Persist logs: getHAR() then holds every page of the run.
    await ff.chromeEvaluate(`Services.prefs.setBoolPref('devtools.netmonitor.persistlog', true)`)
    const { page } = ff
    const p = stack.paths
    await page.goto(`${origin}${p.login}`)
    await flow('sign-in', async () => {
      await page.type('input[name=username]', 'alice')
      await page.type('input[name=password]', PASSWORD)
      return submit(page, 'form button[type=submit]')
    })
    await flow('form-prg', async () => {
      await page.goto(`${origin}${p.newItem}`)
      await page.type('input[name=title]', 'Milk')
      return submit(page, 'form button[type=submit]')
    })
    if (p.slashless)
      await flow('slash-redirect', () => call(page, p.slashless as string, 'POST', '{"title":"x"}'))
    await flow('aborted-by-controller', async () =>
      page.evaluate(
        async (url: string, headers: Record<string, string>) => {
          const ac = new AbortController()
          setTimeout(() => ac.abort(), 300)
          return fetch(url, { method: 'POST', headers, body: '{"q":"slow"}', signal: ac.signal }).then(
            () => 'finished',
            (e: unknown) => String(e),
          )
        },
        p.slow,
        await headers(page),
      ),
    )
    await flow('aborted-by-navigation', async () => {
      const sent = await headers(page)
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate(
          (url: string, headers: Record<string, string>, next: string) => {
            void fetch(url, { method: 'POST', headers, body: '{"q":"slow"}' }).catch(() => undefined)
            setTimeout(() => location.assign(next), 300)
          },
          p.slow,
          sent,
          p.items,
        ),
      ])
      await new Promise((r) => setTimeout(r, 1500))
      return page.url()
    })
    for (const url of p.preflight)
      await flow('preflight-redirect', () => call(page, url, 'PUT', '{"title":"x"}'))
    await flow('sign-out', async () => {
      await page.goto(`${origin}${p.items}`)
      return submit(page, '#logout')
    })
    await flow('api-after-session-ended', () => call(page, p.api, 'POST', '{"text":"hi"}'))
    await new Promise((r) => setTimeout(r, 2000))
    return await ff
      .toolbox()
      .evaluateInDevtoolsPage<string>(
        'browser.devtools.network.getHAR().then((h) => JSON.stringify({ log: h }))',
      )
  } finally {
    await ff.close()
  }
}
