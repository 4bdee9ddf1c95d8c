import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

// Names the extension's source fixes (src/devtools, vite input); the tests look for exactly these.
export const PANEL_TITLE = 'Method Doctor'
export const PANEL_PATH = 'src/panel/index.html'

export type Target = 'chrome' | 'firefox'

const ROOT = resolve(import.meta.dirname, '../..')

/** Absolute path of a build (`npm run build:<target>`); throws with the fix if it is missing. */
export function distPath(target: Target): string {
  const dir = resolve(ROOT, 'dist', target)
  readManifest(dir, target)
  return dir
}

interface BuiltManifest {
  devtools_page?: string
  browser_specific_settings?: { gecko?: { id?: string } }
}

/** The built manifest: what the browser really loads. */
export function readManifest(dir: string, target: Target = 'chrome'): BuiltManifest {
  try {
    return JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as BuiltManifest
  } catch {
    throw new Error(`No extension build in ${dir}: run \`npm run build:${target}\` first`)
  }
}

/** The manifest's `devtools_page`, relative to the extension root. */
export function devtoolsPagePath(dir: string, target: Target = 'chrome'): string {
  const page = readManifest(dir, target).devtools_page
  if (!page) throw new Error(`${dir}/manifest.json has no devtools_page`)
  return page.replace(/^\//, '')
}
