import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/** The system Chromium if installed, else Playwright's own download; throws if neither exists. */
export function chromiumPath(): string {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM
  const bundled = bundledPath()
  if (bundled && existsSync(bundled)) return bundled
  throw new Error(
    `No Chromium found: neither ${SYSTEM_CHROMIUM} nor Playwright's Chromium (${bundled || 'unknown path'}). ` +
      'Install the chromium package (apt-get install chromium) or run `npx playwright install chromium`.',
  )
}

// playwright-core throws on platforms it has no Chromium build for.
function bundledPath(): string {
  try {
    return chromium.executablePath()
  } catch {
    return ''
  }
}

/** Flags every test and script launch uses: this machine's closed network refuses Chromium's own calls home. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
