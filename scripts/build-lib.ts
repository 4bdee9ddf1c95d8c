import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { build } from 'rolldown'

/** Bundles the Node side (CLI, Playwright fixture, engine) into dist/lib as plain ESM. */
const root = resolve(import.meta.dirname, '..')
const entries: Record<string, string> = {
  cli: 'src/cli/bin.ts',
  'core/index': 'src/core/index.ts',
  'playwright/fixture': 'src/playwright/fixture.ts',
}
await rm(resolve(root, 'dist/lib'), { recursive: true, force: true })
const input = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(resolve(root, file))))
await build({
  input,
  platform: 'node',
  external: [/^node:/, '@playwright/test', 'playwright-core', 'playwright'],
  output: { dir: resolve(root, 'dist/lib'), format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', minify: false },
  logLevel: 'warn',
})
