import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { main } from './main'

/** Next to the built CLI (scripts/build-lib.ts); absent when run from source, which reads in-process. */
const readerThread = new URL('./read-worker.js', import.meta.url)

// `method-doctor analyze x.har | head`: the reader left; stop quietly instead of an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
    throw err
  })
}

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  ...(existsSync(fileURLToPath(readerThread)) ? { readerThread } : {}),
}).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    // Last line of defence: one readable line, never a stack trace.
    process.stderr.write(
      `method-doctor: internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`,
    )
    process.exitCode = 2
  },
)
