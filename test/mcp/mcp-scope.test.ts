// The probe scope end to end, in-process (the SDK's in-memory transport) with a recording fetch,
// so no request can leave the machine: a capture's own pages never widen what the server probes,
// and --probe-allow does.
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { describe, expect, it } from 'vitest'
import type { ProbeFetch } from '../../src/core/probe/send-step'
import { createMcpServer } from '../../src/mcp/server'

const O = 'http://api.example.test'

/** A page on the API's own origin, then a 405 without Allow from it: the CLI would probe this. */
const capture = {
  log: {
    entries: [
      {
        startedDateTime: '2026-01-01T00:00:00.000Z',
        _resourceType: 'document',
        request: { method: 'GET', url: `${O}/app`, headers: [{ name: 'Sec-Fetch-Dest', value: 'document' }] },
        response: { status: 200, headers: [] },
      },
      {
        startedDateTime: '2026-01-01T00:00:01.000Z',
        _resourceType: 'fetch',
        request: { method: 'DELETE', url: `${O}/api/items/7`, headers: [] },
        response: { status: 405, headers: [] },
      },
    ],
  },
}

async function connect(probeAllow: string[]): Promise<{ client: Client; sent: string[] }> {
  const sent: string[] = []
  const fetch: ProbeFetch = async (url, init) => {
    sent.push(`${init.method} ${url}`)
    return { status: 204, headers: { get: (n) => (n === 'allow' ? 'GET, PUT' : null) }, body: null }
  }
  const server = createMcpServer({ probeAllow, probeFetch: fetch })
  const [a, b] = InMemoryTransport.createLinkedPair()
  await server.connect(a)
  const client = new Client({ name: 'scope-test', version: '0' })
  await client.connect(b)
  return { client, sent }
}

const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult

describe('MCP probe scope', () => {
  it("a capture's own page on another origin does not make it probed; the tool names the flag", async () => {
    const { client, sent } = await connect([])
    const r = await call(client, 'analyze_har', { har: capture, probe: 'full' })
    expect(r.isError).toBeFalsy()
    expect(sent).toEqual([])
    expect(r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')).toContain(
      'not probed: 1 endpoint(s) on http://api.example.test, which is not loopback; to probe one, start the server with method-doctor mcp --probe-allow <origin>',
    )
    const p = await call(client, 'probe_endpoint', { url: `${O}/api/items/7`, method: 'DELETE' })
    expect(p.isError).toBe(true)
    expect(sent).toEqual([])
    await client.close()
  })

  it('an API description URL is fetched only from the same scope', async () => {
    const { client, sent } = await connect([])
    const r = await call(client, 'analyze_har', { har: capture, openapi: `${O}/openapi.json` })
    expect(r.isError).toBe(true)
    expect(r.content).toEqual([
      {
        type: 'text',
        text: 'Not fetched: http://api.example.test is not loopback; start the server with `method-doctor mcp --probe-allow http://api.example.test` to allow it.',
      },
    ])
    expect(sent).toEqual([])
    await client.close()
  })

  it('--probe-allow lets both tools probe that origin, with the ladder only', async () => {
    const { client, sent } = await connect([O])
    const r = await call(client, 'analyze_har', { har: capture, probe: 'options' })
    expect(sent).toEqual([`OPTIONS ${O}/api/items/7`])
    const f = (r.structuredContent as { findings: { allowed: { methods: string[] | null } }[] }).findings[0]
    expect(f?.allowed.methods).toEqual(['GET', 'PUT'])
    // One scheduler for the process: the same endpoint a minute later is answered from its cache.
    const again = await call(client, 'probe_endpoint', { url: `${O}/api/items/7`, method: 'DELETE' })
    expect((again.structuredContent as { allow: string[] }).allow).toEqual(['GET', 'PUT'])
    expect(sent).toEqual([`OPTIONS ${O}/api/items/7`])
    sent.length = 0
    const p = await call(client, 'probe_endpoint', { url: `${O}/api/items/8`, method: 'DELETE' })
    expect(p.isError).toBeFalsy()
    expect(sent[0]).toBe(`OPTIONS ${O}/api/items/8`)
    expect(sent.every((s) => !s.startsWith('DELETE'))).toBe(true)
    await client.close()
  })

  it("the README's example call finds what the example conversation says", async () => {
    const { readFile } = await import('node:fs/promises')
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
    const quoted = /`(\{"redirects"[\s\S]*?\})`/.exec(readme)?.[1] ?? ''
    const args = JSON.parse(quoted.replace(/\n> /g, ' ')) as Record<string, unknown>
    const { client } = await connect([])
    const r = await call(client, 'explain_request', args)
    const f = (
      r.structuredContent as { findings: { kind: string; severity: string; fixes: { text: string }[] }[] }
    ).findings[0]
    expect(f).toMatchObject({ kind: 'redirect-method-change', severity: 'error' })
    expect(f?.fixes.map((x) => x.text).join(' ')).toMatch(/308/)
    await client.close()
  })
})
