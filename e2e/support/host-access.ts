// Withholds or re-grants the extension's host permissions the way a user does on
// chrome://extensions ("Site access"). permissions.request() needs a gesture and a native prompt
// headless cannot answer; chrome://extensions' own developerPrivate API needs neither.
import type { BrowserContext, Page } from '@playwright/test'
import { poll } from './poll'

export interface HostAccessState {
  /** ON_CLICK (withheld), ON_SPECIFIC_SITES or ON_ALL_SITES (every requested host granted). */
  access: string
  hosts: { host: string; granted: boolean }[]
}

export type HostAccessChange = { withhold: true } | { grantAll: true } | { grant: string[] }

export async function openExtensionsPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto('chrome://extensions/')
  await poll(() => page.evaluate('typeof chrome.developerPrivate?.getExtensionInfo === "function"'), {
    what: 'chrome.developerPrivate on chrome://extensions',
  })
  return page
}

export function readHostAccess(extensionsPage: Page, extensionId: string): Promise<HostAccessState> {
  return extensionsPage.evaluate(
    `chrome.developerPrivate.getExtensionInfo(${JSON.stringify(extensionId)}).then(info => {
      const runtime = info.permissions.runtimeHostPermissions
      if (!runtime) throw new Error('this extension requests no host permissions')
      return { access: runtime.hostAccess, hosts: runtime.hosts.map(h => ({ host: h.host, granted: h.granted })) }
    })`,
  )
}

/** Applies the change, then waits until Chrome reports it (permission updates are asynchronous). */
export async function changeHostAccess(
  extensionsPage: Page,
  extensionId: string,
  change: HostAccessChange,
): Promise<HostAccessState> {
  const id = JSON.stringify(extensionId)
  let done: (state: HostAccessState) => boolean
  if ('withhold' in change) {
    await extensionsPage.evaluate(
      `chrome.developerPrivate.updateExtensionConfiguration({ extensionId: ${id}, hostAccess: 'ON_CLICK' })`,
    )
    done = (s) => s.access === 'ON_CLICK' && s.hosts.every((h) => !h.granted)
  } else if ('grantAll' in change) {
    await extensionsPage.evaluate(
      `chrome.developerPrivate.updateExtensionConfiguration({ extensionId: ${id}, hostAccess: 'ON_ALL_SITES' })`,
    )
    done = (s) => s.access === 'ON_ALL_SITES' && s.hosts.every((h) => h.granted)
  } else {
    for (const host of change.grant) {
      await extensionsPage.evaluate(
        `chrome.developerPrivate.addHostPermission(${id}, ${JSON.stringify(host)})`,
      )
    }
    done = (s) => change.grant.every((host) => s.hosts.some((h) => h.host === host && h.granted))
  }
  return poll(
    async () => {
      const state = await readHostAccess(extensionsPage, extensionId)
      return done(state) && state
    },
    { what: `host access change ${JSON.stringify(change)}` },
  )
}
