import { defineConfig } from '@playwright/test'
import { CHROMIUM_FLAGS, chromiumPath } from '../support/chromium-path'

// A user's project with the fixture, run by e2e/hostile-snippets.spec.ts. Its specs end in
// `.inner.ts` so the outer suite (every `*.spec.ts` under e2e/) does not run them itself.
export default defineConfig({
  testDir: '.',
  testMatch: '*.inner.ts',
  workers: 1,
  retries: 0,
  timeout: 20_000,
  outputDir: '../../test-results/hostile-snippets',
  use: {
    launchOptions: {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_FLAGS],
    },
  },
})
