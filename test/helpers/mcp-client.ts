// Spawns `method-doctor mcp`, from source (tsx) or the built bin, and connects the official SDK
// client to it over stdio.
import { resolve } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

const ROOT = resolve(import.meta.dirname, '../..')

/** The command line that starts the server: the source through tsx, or `bin/method-doctor.js`. */
export function mcpCommand(built: boolean, args: readonly string[]): string[] {
  return built
    ? [resolve(ROOT, 'bin/method-doctor.js'), 'mcp', ...args]
    : [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'src/cli/bin.ts'), 'mcp', ...args]
}

export async function startMcp(
  args: readonly string[] = [],
  opts: { built?: boolean } = {},
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: mcpCommand(opts.built === true, args),
    cwd: ROOT,
    stderr: 'pipe',
  })
  let err = ''
  transport.stderr?.on('data', (b: Buffer) => {
    err += b.toString()
  })
  const client = new Client({ name: 'method-doctor-test', version: '0.0.0' })
  await client.connect(transport)
  return { client, stderr: () => err }
}
