/**
 * The inline shell: the real panel on fixture findings, without the extension. Not part of
 * dist/chrome. Run: npx vite --config dev/shell/vite.shell.config.ts → /shell.html
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

const repo = resolve(import.meta.dirname, '../..')

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { 'webextension-polyfill': resolve(import.meta.dirname, 'browser-stub.ts') } },
  server: { port: 5199, strictPort: false, fs: { allow: [repo] } },
  build: {
    outDir: resolve(repo, '.tmp/shell-dist'),
    emptyOutDir: true,
    rolldownOptions: { input: resolve(import.meta.dirname, 'shell.html') },
  },
})
