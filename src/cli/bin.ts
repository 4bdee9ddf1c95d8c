import { main } from './main'

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
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
