import { main } from '../../src/cli/main'

/** Runs the CLI in-process, capturing what it prints and its exit code. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: false,
    env: {},
  })
  return { code, out, err }
}
