// The MCP server's guarantees beyond the happy path: the built bin speaks only protocol on
// stdout, analyze_har's probes keep to loopback, secrets stay redacted, and a hostile API
// description is a one-sentence error.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoApi, startDemoApi } from '../../e2e/demo-api/server.js'
import { exchangeToHar } from '../../src/mcp/explain-request'
import { billionLaughs } from '../helpers/hostile-descriptions'
import { mcpCommand, startMcp } from '../helpers/mcp-client'
import { schemaErrors } from '../helpers/schema'

const ROOT = resolve(import.meta.dirname, '../..')
const BUILT = existsSync(join(ROOT, 'dist/lib/cli.js'))

let demo: DemoApi
let mcp: Awaited<ReturnType<typeof startMcp>>
const call = async (name: string, args: Record<string, unknown>) =>
  (await mcp.client.callTool({ name, arguments: args })) as CallToolResult
const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')

beforeAll(async () => {
  demo = await startDemoApi()
  mcp = await startMcp()
}, 60_000)

afterAll(async () => {
  await mcp?.client.close()
  await demo?.close()
})

/** A 405 with no Allow header: only a probe can say which methods the endpoint takes. */
const bare405 = (url: string) =>
  exchangeToHar({
    request: { method: 'POST', url, headers: { accept: 'application/json' } },
    response: { status: 405, headers: { 'content-type': 'text/plain' }, body: 'Method Not Allowed' },
    initiator: 'fetch',
  })

describe('method-doctor mcp, safety', () => {
  it('analyze_har with probe asks a loopback endpoint, and leaves any other origin alone, naming the flag', async () => {
    demo.clearLog()
    const r = await call('analyze_har', { har: bare405(`${demo.origin}/api/storm/3`), probe: 'options' })
    expect(r.isError).toBeFalsy()
    expect(schemaErrors(r.structuredContent)).toBe('')
    expect(demo.log().map((l) => `${l.method} ${l.path}`)).toEqual(['OPTIONS /api/storm/3'])
    const f = (r.structuredContent as { findings: { allowed: { methods: string[] | null } }[] }).findings[0]
    expect(f?.allowed.methods).toEqual(['GET', 'HEAD', 'OPTIONS'])

    demo.clearLog()
    const away = await call('analyze_har', {
      har: bare405('http://api.example.test/api/items'),
      probe: 'options',
    })
    expect(away.isError).toBeFalsy()
    expect(textOf(away)).toContain('--probe-allow')
    expect(textOf(away)).toContain('http://api.example.test')
    expect(demo.log()).toEqual([])
  })

  it('analyze_har reads an API description from a loopback URL, as --openapi <url> does', async () => {
    demo.clearLog()
    const r = await call('analyze_har', {
      har: bare405(`${demo.origin}/api/inventory/7`),
      openapi: `${demo.origin}/docs/inventory-spec.json`,
    })
    expect(r.isError).toBeFalsy()
    expect(demo.log().map((l) => `${l.method} ${l.path}`)).toEqual(['GET /docs/inventory-spec.json'])
    const f = (
      r.structuredContent as { findings: { allowed: { sources: { source: string; methods: string[] }[] } }[] }
    ).findings[0]
    expect(f?.allowed.sources).toContainEqual(expect.objectContaining({ methods: ['GET', 'PUT', 'DELETE'] }))
  })

  it('explain_request redacts credentials in the report, as analyze --json does', async () => {
    const r = await call('explain_request', {
      request: {
        method: 'DELETE',
        url: 'http://127.0.0.1:9/api/items/7?access_token=sk_live_abcdef1234567890',
        headers: [
          { name: 'Authorization', value: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
        ],
      },
      response: { status: 405, headers: { allow: 'GET' } },
      initiator: 'fetch',
    })
    const all = JSON.stringify(r)
    expect(all).toContain('REDACTED')
    expect(all).not.toContain('sk_live_abcdef1234567890')
    expect(all).not.toContain('eyJhbGciOiJIUzI1NiJ9')
  })

  it('a hostile API description is an isError result with one sentence, and the server goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-mcp-'))
    const file = join(dir, 'laughs.yaml')
    writeFileSync(file, billionLaughs())
    const har = resolve(ROOT, 'test/fixtures/real/stacks/sveltekit.har')
    const r = await call('analyze_har', { path: har, openapi: file })
    expect(r.isError).toBe(true)
    expect(textOf(r)).toMatch(/laughs\.yaml/)
    expect(textOf(r)).not.toContain('\n')
    expect((await mcp.client.listTools()).tools).toHaveLength(3)
  })

  it('an inline HAR past the per-entry value limit is refused before it is analysed, and the server goes on', async () => {
    const huge = {
      log: {
        entries: [
          { request: { method: 'GET', url: 'http://127.0.0.1:9/', junk: new Array(1_000_001).fill(0) } },
        ],
      },
    }
    const r = await call('analyze_har', { har: huge })
    expect(r.isError).toBe(true)
    expect(textOf(r)).toMatch(/more than the maximum of 1000000 elements/)
    expect((await mcp.client.listTools()).tools).toHaveLength(3)
  }, 30_000)

  it('the command line: mcp takes only --probe-allow, and never a link-local origin', async () => {
    const { runCli } = await import('../helpers/cli')
    expect((await runCli('mcp', '--json')).code).toBe(2)
    const meta = await runCli('mcp', '--probe-allow', 'http://169.254.169.254')
    expect(meta.code).toBe(2)
    expect(meta.err).toMatch(/169\.254\.169\.254/)
  })

  it.skipIf(!BUILT)(
    'the built bin: every line on stdout is a JSON-RPC message, bad calls included',
    async () => {
      const [script, ...args] = mcpCommand(true, [])
      const child = spawn(process.execPath, [script!, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString()
      })
      const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`)
      send({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
      })
      send({ jsonrpc: '2.0', method: 'notifications/initialized' })
      send({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'analyze_har', arguments: { path: '/nope.har' } },
      })
      send({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'analyze_har', arguments: { har: 'x' } },
      })
      send({ jsonrpc: '2.0', id: 4, method: 'tools/list' })
      // Calls are answered concurrently: wait for all four answers, in any order.
      await new Promise<void>((done) => {
        const check = () =>
          [1, 2, 3, 4].every((id) => out.includes(`"id":${id}}`) || out.includes(`"id":${id},`))
            ? done()
            : setTimeout(check, 20)
        check()
      })
      child.stdin.end()
      await new Promise((done) => child.on('close', done))
      const messages = out
        .split('\n')
        .filter((l) => l !== '')
        .map(
          (l) =>
            JSON.parse(l) as {
              jsonrpc: string
              id: number
              result?: { isError?: boolean; tools?: unknown[] }
            },
        )
        .sort((a, b) => a.id - b.id)
      expect(messages.every((m) => m.jsonrpc === '2.0')).toBe(true)
      expect(messages.map((m) => m.id)).toEqual([1, 2, 3, 4])
      expect(messages[1]?.result?.isError).toBe(true)
      expect(messages[2]?.result?.isError).toBe(true)
      expect(messages[3]?.result?.tools).toHaveLength(3)
    },
    30_000,
  )
})
