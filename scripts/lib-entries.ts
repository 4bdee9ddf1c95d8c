/**
 * The Node side's entry points, for `npm run build:lib` (scripts/build-lib.ts) and the bench's own
 * build (bench/lib/build.ts): one list, so the bench measures the CLI users run, reading thread
 * included.
 */
export const LIB_ENTRIES: Record<string, string> = {
  cli: 'src/cli/bin.ts',
  // The CLI's reading thread, loaded by path beside cli.js (src/cli/bin.ts).
  'read-worker': 'src/cli/read-worker.ts',
  'core/index': 'src/core/index.ts',
  'playwright/fixture': 'src/playwright/fixture.ts',
}
