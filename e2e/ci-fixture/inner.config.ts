import { defineConfig } from '@playwright/test'
import { CHROMIUM_FLAGS, chromiumPath } from '../support/chromium-path'

// The Playwright project a Method Doctor user would have: plain pages, no extension.
export default defineConfig({
  testDir: 'specs',
  workers: 1,
  retries: 0,
  timeout: 20_000,
  outputDir: '../../test-results/ci-fixture',
  use: {
    launchOptions: {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_FLAGS],
    },
  },
})
