import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { build } from 'rolldown'
import { LIB_ENTRIES } from '../../scripts/lib-entries'
import { log } from './log'
import { CHROME_DIST, LIB_DIST, ROOT } from './paths'
import { capture } from './proc'

/**
 * Builds what the benchmark measures from the current sources, into bench/out/build, so a
 * run never rewrites the `dist/` other suites are using. Same settings as the project's
 * scripts; source maps are "hidden" (no sourceMappingURL comment, so bundle bytes are
 * unchanged) and only used to map profiles back to src/.
 */
export async function buildChrome(): Promise<void> {
  log('building the Chrome extension into bench/out/build/chrome')
  capture(
    resolve(ROOT, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn', '--outDir', CHROME_DIST, '--emptyOutDir', '--sourcemap', 'hidden'],
    { TARGET: 'chrome' },
  )
}

/** The CLI and core exactly as scripts/build-lib.ts bundles them (minus declarations). */
export async function buildLib(): Promise<void> {
  log('building the CLI and core into bench/out/build/lib')
  await rm(LIB_DIST, { recursive: true, force: true })
  await build({
    // The published entries (the reading thread too), less the Playwright fixture.
    input: Object.fromEntries(
      Object.entries(LIB_ENTRIES)
        .filter(([name]) => name !== 'playwright/fixture')
        .map(([name, file]) => [name, resolve(ROOT, file)]),
    ),
    platform: 'node',
    external: [/^node:/, '@playwright/test', 'playwright-core', 'playwright'],
    output: {
      dir: LIB_DIST,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      minify: false,
      sourcemap: 'hidden',
    },
    logLevel: 'warn',
  })
}
