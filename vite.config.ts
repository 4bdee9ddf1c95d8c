import { resolve } from 'node:path'
import { crx } from '@crxjs/vite-plugin'
import { defineConfig } from 'vite'
import { localesPlugin } from './scripts/locales-plugin.ts'
import { manifestFor, type Target } from './scripts/manifest-for.ts'

const target: Target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome'

export default defineConfig({
  plugins: [
    crx({ manifest: manifestFor(target) as never, browser: target }),
    localesPlugin(resolve(import.meta.dirname, 'src/locales')),
  ],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `dist/${target}`,
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    target: 'es2022',
    rolldownOptions: {
      // crxjs follows devtools_page but cannot see the panel page, which is only named at run time.
      input: { panel: resolve(import.meta.dirname, 'src/panel/index.html') },
    },
  },
})
