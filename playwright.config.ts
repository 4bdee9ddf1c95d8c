import { defineConfig } from '@playwright/test'

// Real-browser tests of the built extension (run `npm run build:chrome` first). Each test starts
// its own demo API and browser, so there is no webServer; Firefox runs separately (e2e/firefox).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // The fixture's own specs run inside e2e/ci-fixture.spec.ts, as a user's project would run them.
  testIgnore: 'ci-fixture/specs/**',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: 'list',
  // Its own subfolder: Playwright empties outputDir on every run, and Firefox artifacts live beside it.
  outputDir: 'test-results/playwright',
  forbidOnly: Boolean(process.env.CI),
})
