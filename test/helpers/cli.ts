import { main } from '../../src/cli/main'

export interface CliEnv {
  isTTY?: boolean
  env?: Record<string, string | undefined>
}

/** Runs the CLI in-process as if from a terminal (or not), capturing output and exit code. */
export async function runCliWith(
  opts: CliEnv,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
  })
  return { code, out, err }
}

/** Runs the CLI in-process, output piped (no terminal), capturing what it prints and its exit code. */
export function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliWith({}, ...argv)
}
