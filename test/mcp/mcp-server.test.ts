// The MCP server through the official SDK client over stdio: the tools, their schemas, the same
// report as `analyze --json`, the probe scope, and errors that leave the server answering.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoApi, startDemoApi } from '../../e2e/demo-api/server.js'
import { startMcp } from '../helpers/mcp-client'
import { schemaErrors } from '../helpers/schema'

const ROOT = resolve(import.meta.dirname, '../..')
const SVELTEKIT = resolve(ROOT, 'test/fixtures/real/stacks/sveltekit.har')

interface Finding {
  kind: string
  severity: string
  request: { method: string; url: string }
  allowed: { methods: string[] | null }
  fixes: unknown[]
}

let client: Client
let stderr: () => string
let demo: DemoApi

const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult
const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')
const findingsOf = (r: CallToolResult): Finding[] => (r.structuredContent as { findings: Finding[] }).findings

beforeAll(async () => {
  demo = await startDemoApi()
}, 60_000)

afterAll(async () => {
  await demo?.close()
})

// From source always; the built bin too once `npm run build` has written it (as `npm test` does).
const MODES = ['source', ...(existsSync(resolve(ROOT, 'dist/lib/cli.js')) ? ['built'] : [])]

describe.each(MODES)('method-doctor mcp (%s)', (mode) => {
  beforeAll(async () => {
    ;({ client, stderr } = await startMcp([], { built: mode === 'built' }))
  }, 60_000)

  afterAll(async () => {
    await client?.close()
  })

  it('initializes and lists three tools, each with an input and an output schema', async () => {
    expect(client.getServerVersion()?.name).toBe('method-doctor')
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name).sort()).toEqual(['analyze_har', 'explain_request', 'probe_endpoint'])
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object')
      expect(t.outputSchema?.type).toBe('object')
      expect(t.description).toBeTruthy()
    }
    const explain = tools.find((t) => t.name === 'explain_request')!
    expect(Object.keys(explain.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['request', 'response', 'redirects', 'initiator']),
    )
  })

  it('analyze_har on a real SvelteKit capture returns the analyze --json report and finds the wrong method', async () => {
    const r = await call('analyze_har', { path: SVELTEKIT })
    expect(r.isError).toBeFalsy()
    expect(schemaErrors(r.structuredContent)).toBe('')
    const wrong = findingsOf(r).find((f) => f.kind === 'wrong-method')
    expect(wrong?.request).toEqual({ method: 'POST', url: 'http://127.0.0.1:8436/items/5' })
    expect(wrong?.allowed.methods).toEqual(['GET'])
    // The Markdown report rides along as text.
    expect(textOf(r)).toMatch(/^## /)
    expect(textOf(r)).toContain('/items/5')
    // The same document the CLI prints, source aside.
    const { runCli } = await import('../helpers/cli')
    const cli = JSON.parse((await runCli('analyze', SVELTEKIT, '--json')).out) as { findings: unknown[] }
    expect((r.structuredContent as { findings: unknown[] }).findings).toEqual(cli.findings)
  })

  it('analyze_har takes the HAR document inline too', async () => {
    const { readFile } = await import('node:fs/promises')
    const har = JSON.parse(await readFile(SVELTEKIT, 'utf8')) as Record<string, unknown>
    const r = await call('analyze_har', { har, lang: 'vi' })
    expect(r.isError).toBeFalsy()
    expect(schemaErrors(r.structuredContent)).toBe('')
    expect((r.structuredContent as { lang: string; source: string }).lang).toBe('vi')
    expect((r.structuredContent as { source: string }).source).toBe('HAR (inline)')
    expect(findingsOf(r).some((f) => f.kind === 'wrong-method')).toBe(true)
  })

  const exchange = (headers: unknown) => ({
    request: { method: 'DELETE', url: 'http://127.0.0.1:9/api/items/7', headers: { accept: '*/*' } },
    response: { status: 405, statusText: 'Method Not Allowed', headers, body: 'Method Not Allowed' },
    initiator: 'fetch',
  })

  it('explain_request finds the wrong method in a 405 with Allow, headers as an object', async () => {
    const r = await call('explain_request', exchange({ allow: 'GET, PUT', 'content-type': 'text/plain' }))
    expect(r.isError).toBeFalsy()
    expect(schemaErrors(r.structuredContent)).toBe('')
    const [f] = findingsOf(r)
    expect(f?.kind).toBe('wrong-method')
    expect(f?.allowed.methods).toEqual(['GET', 'PUT'])
    expect(textOf(r)).toContain('DELETE')
  })

  it('explain_request reads HAR-style header lists the same way', async () => {
    const r = await call(
      'explain_request',
      exchange([
        { name: 'Allow', value: 'GET, PUT' },
        { name: 'Content-Type', value: 'text/plain' },
      ]),
    )
    const [f] = findingsOf(r)
    expect(f?.kind).toBe('wrong-method')
    expect(f?.allowed.methods).toEqual(['GET', 'PUT'])
  })

  it("explain_request takes chrome-devtools-mcp's shape: a POST a 302 turned into GET, statuses as it writes them", async () => {
    const r = await call('explain_request', {
      redirects: [{ method: 'POST', url: 'http://127.0.0.1:9/api/orders', status: '[failed - 302]' }],
      request: { method: 'GET', url: 'http://127.0.0.1:9/api/orders/', headers: { accept: '*/*' } },
      response: { status: '[failed - 405]', headers: { allow: 'POST' } },
      initiator: 'fetch',
    })
    expect(r.isError).toBeFalsy()
    const f = findingsOf(r).find((x) => x.kind === 'redirect-method-change')
    expect(f?.request).toEqual({ method: 'POST', url: 'http://127.0.0.1:9/api/orders' })
  })

  it('explain_request with a chain it cannot place is one sentence', async () => {
    const r = await call('explain_request', {
      redirects: [{ method: 'POST', status: 302 }],
      request: { method: 'GET', url: 'http://127.0.0.1:9/b' },
      response: { status: 200 },
    })
    expect(r.isError).toBe(true)
    expect(textOf(r)).toBe('redirects[0].url is needed: the address the first request went to.')
  })

  it('probe_endpoint runs the ladder against the demo API on loopback', async () => {
    demo.clearLog()
    const r = await call('probe_endpoint', { url: `${demo.origin}/api/storm/1`, method: 'POST' })
    expect(r.isError).toBeFalsy()
    const out = r.structuredContent as { allow: string[]; steps: { method: string; status: number }[] }
    expect(out.steps[0]).toMatchObject({ method: 'OPTIONS', status: 204 })
    expect(out.allow).toEqual(['GET', 'HEAD', 'OPTIONS'])
    expect(textOf(r)).toContain('Allow: GET, HEAD, OPTIONS')
    // What the demo saw: the ladder's steps, never the method itself.
    const sent = demo.log().map((l) => `${l.method} ${l.path}`)
    expect(sent[0]).toBe('OPTIONS /api/storm/1')
    expect(sent.some((l) => l.startsWith('POST'))).toBe(false)
  })

  it('probe_endpoint refuses an origin that is neither loopback nor allowed, naming the flag, sending nothing', async () => {
    demo.clearLog()
    const r = await call('probe_endpoint', { url: 'http://api.example.test/items', method: 'POST' })
    expect(r.isError).toBe(true)
    expect(textOf(r)).toBe(
      'Not probed: http://api.example.test is not loopback; start the server with `method-doctor mcp --probe-allow http://api.example.test` to allow it.',
    )
    const meta = await call('probe_endpoint', { url: 'http://169.254.169.254/latest', method: 'GET' })
    expect(meta.isError).toBe(true)
    expect(textOf(meta)).toMatch(/link-local or cloud-metadata/)
    expect(demo.log()).toEqual([])
  })

  it('bad inputs are isError results with one sentence, and the server still answers', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['analyze_har', { path: resolve(ROOT, 'test/fixtures/no-such.har') }, /no-such\.har/],
      ['analyze_har', { har: { log: { nope: 1 } } }, /HAR/i],
      ['analyze_har', { path: resolve(ROOT, 'package.json') }, /HAR/i],
      ['analyze_har', {}, /path.*har/],
      [
        'analyze_har',
        { path: SVELTEKIT, openapi: resolve(ROOT, 'test/fixtures/no-such.yaml') },
        /no-such\.yaml/,
      ],
      ['explain_request', { request: { method: 'GET' } }, /request\.url/],
      ['probe_endpoint', { url: 'not a url', method: 'GET' }, /http/],
    ]
    for (const [name, args, sentence] of cases) {
      const r = await call(name, args)
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true)
      const text = textOf(r)
      expect(text).toMatch(sentence)
      expect(text).not.toMatch(/\n\s+at /)
    }
    const { tools } = await client.listTools()
    expect(tools).toHaveLength(3)
    expect(stderr()).not.toMatch(/\n\s+at /)
  })
})
