/**
 * The inline shell: the real panel and the devtools page's real capture controller on fixture
 * traffic, without the extension (fake-browser.ts stands in for webextension-polyfill). No
 * extension or library build reaches dev/. Run: npm run shell → /shell.html
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

const repo = resolve(import.meta.dirname, '../..')

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { 'webextension-polyfill': resolve(import.meta.dirname, 'fake-browser.ts') } },
  server: { port: 5199, strictPort: false, fs: { allow: [repo] } },
  build: {
    outDir: resolve(repo, '.tmp/shell-dist'),
    emptyOutDir: true,
    rolldownOptions: { input: resolve(import.meta.dirname, 'shell.html') },
  },
})
