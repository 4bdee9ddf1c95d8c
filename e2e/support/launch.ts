// Launches Chromium with the built extension in a throwaway profile.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Worker } from '@playwright/test'
import { CHROMIUM_FLAGS, chromiumPath } from './chromium-path'
import { distPath } from './extension-paths'

export interface LaunchedExtension {
  context: BrowserContext
  extensionId: string
  /** The worker as first seen; see service-worker.ts for stopping, waking and evaluating. */
  serviceWorker: Worker
  distPath: string
  close(): Promise<void>
}

export interface LaunchOptions {
  headed?: boolean
  dist?: string
  /** Other unpacked extensions to load beside ours (e.g. a stranger that tries to message us). */
  extraExtensions?: string[]
  /** An X display (e.g. from virtual-display.ts): the browser runs headed there. */
  display?: string
  /** A prepared profile directory (e.g. seeded DevTools preferences); removed on close like our own. */
  profile?: string
  /** Browser flags instead of CHROMIUM_FLAGS (`npm start` runs a user's desktop browser, sandboxed). */
  flags?: readonly string[]
  /** `null` lets the window size the page (headed `npm start`); default: Playwright's fixed viewport. */
  viewport?: null
}

/** `HEADED=1` shows the browser; it needs a display, e.g. `HEADED=1 xvfb-run -a npm run test:e2e`. */
export function headedFromEnv(): boolean {
  const headed = process.env.HEADED === '1'
  if (headed && !process.env.DISPLAY) throw new Error('HEADED=1 needs a display: run it under `xvfb-run -a`')
  return headed
}

export async function launchExtension(opts: LaunchOptions = {}): Promise<LaunchedExtension> {
  const dist = opts.dist ?? distPath('chrome')
  const profile = opts.profile ?? (await mkdtemp(join(tmpdir(), 'md-e2e-chromium-')))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: !(opts.headed ?? opts.display !== undefined),
    ...(opts.display ? { env: { ...process.env, DISPLAY: opts.display } } : {}),
    ...(opts.viewport === null ? { viewport: null } : {}),
    args: [
      ...(opts.flags ?? CHROMIUM_FLAGS),
      // Docked DevTools for every tab, headless too: the only way an extension's devtools page runs.
      '--auto-open-devtools-for-tabs',
      // Playwright always passes --disable-extensions; these two let ours through.
      `--disable-extensions-except=${[dist, ...(opts.extraExtensions ?? [])].join(',')}`,
      `--load-extension=${[dist, ...(opts.extraExtensions ?? [])].join(',')}`,
    ],
  })
  const close = async (): Promise<void> => {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  }
  try {
    // crxjs names our worker's entry service-worker-loader.js; other extensions have their own.
    const isOurs = (w: Worker): boolean =>
      w.url().startsWith('chrome-extension://') && w.url().endsWith('/service-worker-loader.js')
    const serviceWorker =
      context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 10_000 }))
    const extensionId = new URL(serviceWorker.url()).host
    return { context, extensionId, serviceWorker, distPath: dist, close }
  } catch (err) {
    await close()
    throw err
  }
}
