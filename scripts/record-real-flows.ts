/**
 * Records sign-in, Post/Redirect/Get and failure flows from real framework apps in real Chromium with
 * Playwright's recordHar (content embedded), one HAR per stack:
 *
 *   npx tsx scripts/record-real-flows.ts <stack>      # django flask rails slim express sveltekit nextjs
 *
 * The app source in test/fixtures/real/apps/<stack>/ is copied to /tmp/real-apps/<stack>/, set up there
 * (migrations, npm install, build), started on its fixed loopback port, driven through the flows, and
 * stopped. Each entry gets a `_flow` field naming the flow it belongs to; secrets are replaced
 * (record-real-flows-sanitise.ts) before test/fixtures/real/stacks/<stack>.har is written.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/chromium-path'
import { sanitiseHar } from './record-real-flows-sanitise'
import { type Call, PASSWORD, STACKS, type Stack } from './record-real-flows-stacks'

const name = process.argv[2] ?? ''
const stack = STACKS[name]
if (!stack) {
  console.error(`usage: record-real-flows.ts <${Object.keys(STACKS).join('|')}>`)
  process.exit(2)
}
const repo = resolve(import.meta.dirname, '..')
const work = `/tmp/real-apps/${stack.name}`
const out = resolve(repo, `test/fixtures/real/stacks/${stack.name}.har`)
const rawHar = `${work}/raw.har`
const origin = `http://127.0.0.1:${stack.port}`

mkdirSync(work, { recursive: true })
cpSync(resolve(repo, `test/fixtures/real/apps/${stack.name}`), work, { recursive: true })
for (const [cmd, ...args] of stack.setup ?? []) {
  console.log(`$ ${cmd} ${args.join(' ')}`)
  execFileSync(cmd as string, args, { cwd: work, stdio: 'inherit', env: { ...process.env, ...stack.env } })
}

const server = startServer(stack)
const flows: { name: string; start: number; end: number }[] = []
try {
  await waitForPort(origin)
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS],
    headless: true,
  })
  try {
    const context = await browser.newContext({ recordHar: { path: rawHar, content: 'embed' } })
    const page = await context.newPage()
    const flow = async (flowName: string, run: () => Promise<unknown>) => {
      const start = Date.now()
      console.log(`flow ${flowName}: ${JSON.stringify(await run())}`)
      await page.waitForTimeout(300)
      flows.push({ name: flowName, start, end: Date.now() })
    }
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
    await context.close()
  } finally {
    await browser.close()
  }
} finally {
  await stopServer(server)
}

const har = JSON.parse(readFileSync(rawHar, 'utf8')) as {
  log: {
    entries: {
      startedDateTime: string
      _flow?: string
      _resourceType?: string
      response: { content: { text?: string; encoding?: string; _omitted?: string } }
    }[]
  }
}
const ASSETS = new Set(['script', 'stylesheet', 'font', 'image'])
for (const e of har.log.entries) {
  const t = Date.parse(e.startedDateTime)
  e._flow = flows.find((f) => t >= f.start && t <= f.end)?.name ?? 'setup'
  // Framework bundles are reloaded on every page and would make the fixture megabytes; sizes stay.
  const c = e.response.content
  if (ASSETS.has(e._resourceType ?? '') && c.text) {
    c.text = ''
    delete c.encoding
    c._omitted = 'asset body left out to keep the fixture small'
  }
}
const { text, replaced } = sanitiseHar(JSON.stringify(har), [PASSWORD])
writeFileSync(out, text)
console.log(`wrote ${out}: ${har.log.entries.length} entries, ${replaced} secret values replaced`)

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

function startServer(s: Stack): ChildProcess {
  const [cmd, ...args] = s.start
  const child = spawn(cmd as string, args, {
    cwd: work,
    detached: true,
    env: { ...process.env, ...s.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  return child
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return
  const gone = new Promise((r) => child.once('exit', r))
  process.kill(-child.pid, 'SIGTERM')
  await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))])
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL')
}

async function waitForPort(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(url, { redirect: 'manual' })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`${url} did not answer within 60 s`)
}
