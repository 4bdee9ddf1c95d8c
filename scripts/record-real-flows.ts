/**
 * Records sign-in, Post/Redirect/Get and failure flows from real framework apps in real Chromium with
 * Playwright's recordHar (content embedded), one HAR per stack:
 *
 *   npx tsx scripts/record-real-flows.ts <stack>      # django flask rails slim express sveltekit nextjs
 *
 *   flock /tmp/md-dist.lock npx tsx scripts/record-real-flows.ts <stack> --devtools|--firefox
 *
 * The app source in test/fixtures/real/apps/<stack>/ is copied to /tmp/real-apps/<stack>/, set up there
 * (migrations, npm install, build), started on its fixed loopback port, driven through the flows, and
 * stopped. Each entry gets a `_flow` field naming the flow it belongs to; secrets are replaced
 * (record-real-flows-sanitise.ts) before test/fixtures/real/stacks/<stack>.har is written.
 * `--devtools` records the same flows as DevTools' own HAR instead: the built extension (dist/chrome)
 * is loaded, DevTools opened with Preserve log on, and chrome.devtools.network.getHAR() read in the
 * extension's devtools page at the end (<stack>-devtools.har). `--firefox` does the common flows
 * in firefox-esr with the add-on and reads Firefox DevTools' getHAR() (<stack>-firefox.har).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/chromium-path'
import { openExtensionDevTools } from '../e2e/support/devtools-cdp'
import { devtoolsPagePath, PANEL_PATH, PANEL_TITLE } from '../e2e/support/extension-paths'
import { launchExtension } from '../e2e/support/launch'
import { driveFlows, type FlowRunner } from './record-real-flows-drive'
import { recordInFirefox } from './record-real-flows-firefox'
import { sanitiseHar } from './record-real-flows-sanitise'
import { PASSWORD, STACKS, type Stack } from './record-real-flows-stacks'

const name = process.argv[2] ?? ''
const stack = STACKS[name]
if (!stack) {
  console.error(`usage: record-real-flows.ts <${Object.keys(STACKS).join('|')}>`)
  process.exit(2)
}
const repo = resolve(import.meta.dirname, '..')
const work = `/tmp/real-apps/${stack.name}`
const devtools = process.argv.includes('--devtools')
const firefox = process.argv.includes('--firefox')
const suffix = devtools ? '-devtools' : firefox ? '-firefox' : ''
const out = resolve(repo, `test/fixtures/real/stacks/${stack.name}${suffix}.har`)
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
const flowRunner: FlowRunner = async (flowName, run) => {
  const start = Date.now()
  console.log(`flow ${flowName}: ${JSON.stringify(await run())}`)
  await new Promise((r) => setTimeout(r, 300))
  flows.push({ name: flowName, start, end: Date.now() })
}
try {
  await waitForPort(origin)
  if (devtools) writeFileSync(rawHar, await recordInDevTools())
  else if (firefox) writeFileSync(rawHar, await recordInFirefox(stack, origin, flowRunner))
  else await recordWithPlaywright()
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

async function recordWithPlaywright(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS],
    headless: true,
  })
  try {
    const context = await browser.newContext({ recordHar: { path: rawHar, content: 'embed' } })
    const page = await context.newPage()
    await driveFlows(page, stack as Stack, origin, flowRunner)
    await context.close()
  } finally {
    await browser.close()
  }
}

/** The flows as DevTools saw them: its own HAR, read through the extension's devtools page. */
async function recordInDevTools(): Promise<string> {
  const ext = await launchExtension()
  try {
    const page = ext.context.pages()[0] ?? (await ext.context.newPage())
    await page.goto(`${origin}/`).catch(() => undefined)
    const open = await openExtensionDevTools(ext.context, page, {
      extensionId: ext.extensionId,
      title: PANEL_TITLE,
      panelPath: PANEL_PATH,
      devtoolsPath: devtoolsPagePath(ext.distPath),
    })
    try {
      // Preserve log on: getHAR() then holds every page of the run, as "Save all as HAR" would.
      await open.frontend.evaluate(`(async () => {
        const { Settings } = await import('./core/common/common.js')
        Settings.Settings.instance().moduleSetting('network-log.preserve-log').set(true)
      })()`)
      await driveFlows(page, stack as Stack, origin, flowRunner)
      // Let the last entries reach DevTools' log.
      await page.waitForTimeout(2000)
      return await open.devtoolsPage.evaluate<string>(
        'new Promise((r) => chrome.devtools.network.getHAR((h) => r(JSON.stringify({ log: h }))))',
      )
    } finally {
      await open.detach()
    }
  } finally {
    await ext.close()
  }
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
