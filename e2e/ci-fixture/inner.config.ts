import { defineConfig } from '@playwright/test'
import { chromiumPath } from '../support/chromium-path'

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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
