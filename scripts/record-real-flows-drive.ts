/**
 * The flows scripts/record-real-flows.ts drives in every stack's app, in order: sign in, form PRG,
 * the slash redirect, aborted and blocked calls, redirected preflights, the stack's own flows, sign
 * out, and an API call after the session ended. `flow` wraps each one so its entries can be named.
 */
import type { Page } from 'playwright-core'
import { type Call, PASSWORD, type Stack } from './record-real-flows-stacks'

export type FlowRunner = (name: string, run: () => Promise<unknown>) => Promise<void>

export async function driveFlows(page: Page, stack: Stack, origin: string, flow: FlowRunner): Promise<void> {
  await page.goto(`${origin}${stack.paths.login}`)

  await flow('sign-in', () => signIn(page))
  await flow('form-prg', async () => {
    await page.goto(`${origin}${stack.paths.newItem}`)
    await page.fill('input[name=title]', 'Milk')
    await Promise.all([page.waitForURL(/\/items\/5/), page.click('form button[type=submit]')])
    return page.url()
  })
  if (stack.paths.slashless)
    await flow('slash-redirect', () =>
      call(
        page,
        stack.paths.slashless as string,
        { method: 'POST', body: '{"title":"x"}', json: true },
        stack,
      ),
    )
  await flow('aborted-by-controller', () => abortedByController(page, stack))
  await flow('aborted-by-navigation', () => abortedByNavigation(page, stack, origin))
  await flow('blocked-by-client', async () => {
    // Playwright answers every preflight itself while a route is set: unroute before the preflight flow.
    await page.route('**/api/track**', (r) => r.abort('blockedbyclient'))
    const seen = await call(
      page,
      '/api/track',
      { method: 'POST', body: '{"event":"view"}', json: true },
      stack,
    )
    await page.unrouteAll()
    return seen
  })
  for (const url of stack.paths.preflight)
    await flow('preflight-redirect', () =>
      call(page, url, { method: 'PUT', body: '{"title":"x"}', json: true }, stack),
    )
  for (const [extra, run] of Object.entries(stack.extras ?? {}))
    await flow(extra, () =>
      run({
        page,
        origin,
        call: (url, c) => call(page, url, c, stack),
        form: (a, f) => submitForm(page, a, f),
      }),
    )
  await flow('sign-out', async () => {
    await page.goto(`${origin}${stack.paths.items}`)
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith(stack.paths.login)),
      page.click('#logout'),
    ])
    return page.url()
  })
  await flow('api-after-session-ended', () =>
    call(page, stack.paths.api, { method: 'POST', body: '{"text":"hi"}', json: true }, stack),
  )
}

async function signIn(page: Page): Promise<string> {
  await page.fill('input[name=username]', 'alice')
  await page.fill('input[name=password]', PASSWORD)
  await Promise.all([page.waitForURL(/\/items\/?$/), page.click('form button[type=submit]')])
  return page.url()
}

/** A fetch() from the page, with the framework's CSRF header when it needs one; resolves to what the page saw. */
async function call(page: Page, url: string, c: Call, s: Stack): Promise<string> {
  const headers: Record<string, string> = {
    ...(c.json ? { 'Content-Type': 'application/json' } : {}),
    ...(s.csrfHeader ? await s.csrfHeader(page) : {}),
    ...c.headers,
  }
  return page.evaluate(
    async ([url, c, headers]) => {
      try {
        const init: RequestInit = { method: c.method, headers }
        if (c.body !== undefined) init.body = c.body
        if (c.credentials) init.credentials = c.credentials
        const r = await fetch(url, init)
        // Read the body, as an app would: an unread one is cut at the next navigation (ERR_ABORTED).
        const body = await r.text()
        return `${r.status} ${r.redirected ? 'redirected ' : ''}${r.url} ${body.slice(0, 60)}`
      } catch (e) {
        return String(e)
      }
    },
    [url, c, headers] as const,
  )
}

async function submitForm(page: Page, action: string, fields: Record<string, string>): Promise<string> {
  await Promise.all([
    page.waitForEvent('framenavigated'),
    page.evaluate(
      ([action, fields]) => {
        const f = document.createElement('form')
        f.method = 'post'
        f.action = action
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input')
          input.name = name
          input.value = value
          f.append(input)
        }
        document.body.append(f)
        f.submit()
      },
      [action, fields] as const,
    ),
  ])
  await page.waitForLoadState()
  return `${page.url()} ${await page.title()}`
}

async function abortedByController(page: Page, s: Stack): Promise<string> {
  const headers = { 'Content-Type': 'application/json', ...(s.csrfHeader ? await s.csrfHeader(page) : {}) }
  return page.evaluate(
    async ([url, headers]) => {
      const ac = new AbortController()
      setTimeout(() => ac.abort(), 300)
      try {
        await fetch(url, { method: 'POST', headers, body: '{"q":"slow"}', signal: ac.signal })
        return 'finished'
      } catch (e) {
        return String(e)
      }
    },
    [s.paths.slow, headers] as const,
  )
}

async function abortedByNavigation(page: Page, s: Stack, o: string): Promise<string> {
  const headers = { 'Content-Type': 'application/json', ...(s.csrfHeader ? await s.csrfHeader(page) : {}) }
  await Promise.all([
    page.waitForURL(`${o}${s.paths.items}`),
    page.evaluate(
      ([url, headers, next]) => {
        void fetch(url, { method: 'POST', headers, body: '{"q":"slow"}' }).catch(() => undefined)
        setTimeout(() => location.assign(next), 300)
      },
      [s.paths.slow, headers, s.paths.items] as const,
    ),
  ])
  // The server still answers the cut request; let it finish before the next flow.
  await page.waitForTimeout(1500)
  return page.url()
}
