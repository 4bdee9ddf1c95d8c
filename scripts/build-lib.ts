import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { build } from 'rolldown'
import { LIB_ENTRIES } from './lib-entries'

/** Bundles the Node side (CLI, Playwright fixture, engine) into dist/lib as plain ESM. */
const root = resolve(import.meta.dirname, '..')
const entries = LIB_ENTRIES
await rm(resolve(root, 'dist/lib'), { recursive: true, force: true })
const input = Object.fromEntries(
  Object.entries(entries).filter(([, file]) => existsSync(resolve(root, file))),
)
await build({
  input,
  platform: 'node',
  // The MCP SDK and zod stay runtime dependencies (installed with the package), not bundled copies.
  external: [
    /^node:/,
    '@playwright/test',
    'playwright-core',
    'playwright',
    /^@modelcontextprotocol\/sdk(\/|$)/,
    /^zod(\/|$)/,
  ],
  output: {
    dir: resolve(root, 'dist/lib'),
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    minify: false,
  },
  logLevel: 'warn',
})

// Declarations for the published entry points; Node's resolver needs explicit .js specifiers.
execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.lib.json'], {
  cwd: root,
  stdio: 'inherit',
})
for (const file of await readdir(resolve(root, 'dist/lib'), { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue
  const path = resolve(root, 'dist/lib', file)
  const text = await readFile(path, 'utf8')
  await writeFile(
    path,
    text.replace(
      /(from\s+['"])(\.{1,2}\/[^'"]+?)(['"])/g,
      (_m, a: string, spec: string, b: string) => `${a}${spec.endsWith('.js') ? spec : `${spec}.js`}${b}`,
    ),
  )
}
