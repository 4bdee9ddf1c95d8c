/**
 * `method-doctor mcp`: the engine as three MCP tools over stdio, on the official SDK. stdout
 * carries only protocol messages; every failure of a call is a tool result with `isError` and
 * one sentence, and the server goes on answering.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { MAX_ENTRY_VALUES } from '../core/har-bytes'
import type { ProbeFetch } from '../core/probe/send-step'
import { redactUrl } from '../core/redact'
import { cliScheduler } from '../node/node-probe'
import { VERSION } from '../node/version'
import { ExchangeError, type ExchangeInput, exchangeToHar } from './explain-request'
import { probeEndpoint } from './probe-endpoint'
import { analysisResult, errorResult } from './report-result'
import { type AnalysisDeps, analyzeDocument, analyzeFile } from './run-analysis'
import {
  analyzeHarInput,
  explainRequestInput,
  probeEndpointInput,
  probeOutput,
  reportOutput,
} from './schemas'
import { probeScope, probeVerdict } from './scope'

export interface McpOptions {
  /** Origins besides loopback that probes may reach (`--probe-allow`). */
  probeAllow: readonly string[]
  /** Sends the probes; by default node:http(s) behind the address guard. */
  probeFetch?: ProbeFetch
}

/** Whatever went wrong inside a tool, one line for the caller; never a stack trace. */
async function guarded(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run()
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    process.stderr.write(`method-doctor mcp: ${reason}\n`)
    return errorResult(`The tool failed: ${reason.slice(0, 200)}`)
  }
}

export function createMcpServer(opts: McpOptions): McpServer {
  const allowed = new Set(opts.probeAllow)
  // One budget per process: every call's probes and description downloads share it, as one CLI run's do.
  const scheduler = cliScheduler()
  const deps: AnalysisDeps = { scheduler, probeScope: probeScope(allowed), probeFetch: opts.probeFetch }
  // An inline HAR is parsed by the SDK before any tool sees it: past the CLI's per-entry value
  // limit it is refused there (a large capture goes by `path`, read as a stream).
  const server = new McpServer(
    { name: 'method-doctor', version: VERSION },
    { maxToolInputElements: MAX_ENTRY_VALUES },
  )

  server.registerTool(
    'analyze_har',
    {
      title: 'Analyse a HAR capture',
      description:
        'Finds wrong HTTP methods, 405s and method-changing redirects in a HAR capture. Give `path` (a HAR file) or `har` (the document). Returns the Method Doctor report (the same as `method-doctor analyze --json`, secrets redacted) and its Markdown.',
      inputSchema: analyzeHarInput,
      outputSchema: reportOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        if ((args.path === undefined) === (args.har === undefined))
          return errorResult(
            'Give either `path` (a HAR file) or `har` (a HAR document), not both or neither.',
          )
        if (args.openapi === 'auto' && args.probe === undefined)
          return errorResult(
            '`openapi: "auto"` looks for a description on the probed origins, so it needs `probe`.',
          )
        // A description URL is a request to an origin the agent chose: the probes' scope applies.
        if (args.openapi !== undefined && /^https?:/i.test(args.openapi)) {
          const verdict = probeVerdict(args.openapi, allowed, 'fetched')
          if ('refused' in verdict) return errorResult(verdict.refused)
        }
        const options = { probe: args.probe, openapi: args.openapi, lang: args.lang, failOn: args.failOn }
        const analysis =
          args.path !== undefined
            ? await analyzeFile(args.path, options, deps)
            : await analyzeDocument(args.har, { ...options, source: 'HAR (inline)' }, deps)
        return analysisResult(analysis)
      }),
  )

  server.registerTool(
    'explain_request',
    {
      title: 'Explain one failing request',
      description:
        'Explains one request and its response (a 405, a 404 after a redirect, a method changed on the way): give the request, the response, the redirects it went through and its resource type, as chrome-devtools-mcp shows them. Returns the same report as analyze_har.',
      inputSchema: explainRequestInput,
      outputSchema: reportOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        let har: ReturnType<typeof exchangeToHar>
        try {
          har = exchangeToHar(args as ExchangeInput)
        } catch (err) {
          if (err instanceof ExchangeError) return errorResult(err.message)
          throw err
        }
        const source = `${args.request.method.toUpperCase()} ${redactUrl(args.request.url)}`
        return analysisResult(await analyzeDocument(har, { lang: args.lang, source, failOn: 'never' }, deps))
      }),
  )

  server.registerTool(
    'probe_endpoint',
    {
      title: 'Probe an endpoint',
      description:
        'Asks an endpoint which methods it allows with the safe discovery ladder (OPTIONS, then HEAD and GET; never the method itself, never a body), under the CLI limits. Only loopback and the origins the server was started with (--probe-allow) are reached.',
      inputSchema: probeEndpointInput,
      outputSchema: probeOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const outcome = await probeEndpoint(args, { allowed, scheduler, fetch: opts.probeFetch })
        if ('refused' in outcome) return errorResult(outcome.refused)
        const { result, allow } = outcome
        const structured = {
          endpoint: redactUrl(result.endpoint),
          url: redactUrl(result.url),
          allow,
          steps: result.steps.map((s) => ({
            ...s,
            url: redactUrl(s.url),
            ...(s.location !== undefined ? { location: redactUrl(s.location) } : {}),
          })),
        }
        const lines = structured.steps.map(
          (s, i) =>
            `${i + 1}. ${s.method} → ${s.outcome === 'answered' ? s.status : s.outcome}${s.headers.allow ? ` (Allow: ${s.headers.allow})` : ''}${s.reason ? ` [${s.reason}]` : ''}`,
        )
        const head = allow
          ? `${structured.url} allows ${allow.join(', ')}.`
          : `${structured.url} named no allowed methods.`
        return {
          content: [{ type: 'text', text: [head, ...lines].join('\n') }],
          structuredContent: structured,
        }
      }),
  )
  return server
}

/** Serves over stdin/stdout until the client closes the connection. */
export async function runMcpServer(opts: McpOptions): Promise<void> {
  const server = createMcpServer(opts)
  const transport = new StdioServerTransport()
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve()
    process.stdin.once('end', () => resolve())
  })
  await server.connect(transport)
  process.stderr.write(`method-doctor mcp ${VERSION}: serving on stdio\n`)
  await closed
  await server.close()
}
