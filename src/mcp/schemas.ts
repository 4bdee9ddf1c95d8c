/**
 * The tools' input and output schemas (zod, as the SDK takes them; it publishes them as JSON
 * Schema in `tools/list` and checks every call's arguments against them). The report's full
 * contract is docs/report.schema.json; the output schema here names its shape for a client.
 */
import { z } from 'zod'

const MAX_TEXT = 1_000_000

const headers = z
  .union([
    z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
    z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]) })),
  ])
  .describe(
    'Headers as an object ({"allow": "GET"}) or a HAR-style list ([{"name": "Allow", "value": "GET"}]).',
  )

const lang = z.enum(['en', 'vi']).optional().describe('Language of the report (default en).')
const failOn = z
  .enum(['error', 'warning', 'info', 'never'])
  .optional()
  .describe('Severity at or above which the result says findings failed the check (default error).')

export const analyzeHarInput = {
  path: z
    .string()
    .max(4096)
    .optional()
    .describe("Path of a HAR file on this machine: absolute, or relative to the server's working directory."),
  har: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'A HAR document ({"log": {"entries": [...]}}), when it is not in a file; up to a million values (a larger capture goes by path).',
    ),
  probe: z
    .enum(['options', 'full'])
    .optional()
    .describe('Probe the endpoints behind findings (loopback and --probe-allow origins only).'),
  openapi: z
    .string()
    .max(4096)
    .optional()
    .describe('An OpenAPI description: a file path, an http(s) URL, or "auto" (needs probe).'),
  lang,
  failOn,
}

const status = z.union([z.number().int().min(0).max(999), z.string().max(100)])

export const explainRequestInput = {
  request: z
    .object({
      method: z.string().min(1).max(32),
      url: z.string().min(1).max(8192),
      headers: headers.optional(),
      body: z.string().max(MAX_TEXT).optional(),
    })
    .describe('The request that got `response`: after redirects, the last one.'),
  response: z.object({
    status: status.describe('The status: 405, or as chrome-devtools-mcp writes it, "[failed - 405]".'),
    statusText: z.string().max(200).optional(),
    headers: headers.optional(),
    body: z.string().max(MAX_TEXT).optional().describe('The start of the body is enough.'),
  }),
  redirects: z
    .array(
      z.object({
        method: z.string().min(1).max(32).describe('The method this hop was sent with.'),
        status,
        url: z
          .string()
          .max(8192)
          .optional()
          .describe(
            'Where this hop was sent; needed for the first, later ones default to the previous location.',
          ),
        location: z
          .string()
          .max(8192)
          .optional()
          .describe("Where it pointed; defaults to the next hop's url (the request's url for the last)."),
      }),
    )
    .max(20)
    .optional()
    .describe(
      "The redirects before `request`, first hop first (chrome-devtools-mcp's redirect chain: method, url, status).",
    ),
  initiator: z
    .string()
    .max(64)
    .optional()
    .describe('Resource type: document (a navigation or form), fetch, xhr, beacon, ping, …'),
  lang,
}

export const probeEndpointInput = {
  url: z.string().min(1).max(8192).describe('The endpoint to probe, e.g. http://localhost:3000/api/items.'),
  method: z.string().min(1).max(32).describe('The method the page used; the ladder never sends it.'),
  mode: z
    .enum(['options', 'full'])
    .optional()
    .describe('options: OPTIONS only; full (default): then HEAD, GET.'),
}

const text = z.object({ code: z.string(), text: z.string() })

const finding = z
  .object({
    id: z.string(),
    kind: z.string(),
    severity: z.string(),
    title: z.string(),
    request: z.object({ method: z.string(), url: z.string() }),
    status: z.number(),
    count: z.number(),
    allowed: z.looseObject({ methods: z.array(z.string()).nullable() }),
    evidence: z.array(text.extend({ source: z.string() })),
    causes: z.array(text),
    fixes: z.array(text),
    snippets: z.array(z.object({ lang: z.string(), code: z.string() })),
  })
  .loose()

/** The `analyze --json` report (docs/report.schema.json). */
export const reportOutput = {
  tool: z.literal('method-doctor'),
  version: z.string(),
  schemaVersion: z.literal(1),
  lang: z.enum(['en', 'vi']),
  source: z.string(),
  secretsIncluded: z.literal(true).optional(),
  findings: z.array(finding),
}

export const probeOutput = {
  endpoint: z.string(),
  url: z.string(),
  allow: z.array(z.string()).nullable().describe('Methods the Allow header named, if any step got one.'),
  steps: z.array(
    z.object({
      method: z.string(),
      url: z.string(),
      outcome: z.string(),
      status: z.number(),
      headers: z.record(z.string(), z.string()),
      location: z.string().optional(),
      durationMs: z.number(),
      reason: z.string().optional(),
    }),
  ),
}
