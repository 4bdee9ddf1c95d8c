import { header } from './headers'
import type { Framework, HeaderMap } from './types'

/**
 * Who answered, recognised from status, headers and body. Data, not code: each row names
 * the signals it needs; every row has a real captured response in test/fixtures/frameworks.
 * Rows are tried in order; more specific rows come first.
 */
export interface FingerprintRow {
  id: string
  name: string
  role: Framework['role']
  /** An edge that also routes (API Gateway): its rejection means "no such route", not "blocked". */
  router?: boolean
  /** All listed headers must match (lower-case name → pattern). */
  headers?: Readonly<Record<string, RegExp>>
  /** The body must match. */
  body?: RegExp
  /** The reason phrase must match (nginx says "Not Allowed"; DevTools' getHAR() has no bodies). */
  statusText?: RegExp
  /** This stack answers a wrong method with 404, never 405. */
  hides405?: boolean
  /** Only for these statuses. */
  status?: readonly number[]
  /** Fixture file (test/fixtures/frameworks/<fixture>.json) that backs this row. */
  fixture: string
}

export const FINGERPRINTS: readonly FingerprintRow[] = [
  // Edges, gateways and WAFs: they answer before the application does.
  {
    id: 'cloudfront',
    name: 'Amazon CloudFront',
    role: 'edge',
    headers: { 'x-amz-cf-id': /./ },
    fixture: 'edges',
  },
  {
    id: 'api-gateway',
    name: 'Amazon API Gateway',
    role: 'edge',
    router: true,
    headers: { 'x-amzn-errortype': /./ },
    fixture: 'edges',
  },
  {
    id: 'api-gateway',
    name: 'Amazon API Gateway',
    role: 'edge',
    router: true,
    headers: { 'x-amz-apigw-id': /./ },
    fixture: 'edges',
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    role: 'edge',
    headers: { server: /^cloudflare/i, 'cf-ray': /./ },
    fixture: 'edges',
  },
  {
    id: 'aws-elb',
    name: 'AWS Elastic Load Balancer',
    role: 'edge',
    headers: { server: /^awselb/i },
    fixture: 'edges',
  },
  {
    id: 'akamai',
    name: 'Akamai',
    role: 'edge',
    headers: { server: /AkamaiGHost|AkamaiNetStorage/i },
    fixture: 'edges',
  },
  {
    id: 'azure-front-door',
    name: 'Azure Front Door',
    role: 'edge',
    headers: { 'x-azure-ref': /./ },
    fixture: 'edges',
  },
  { id: 'fastly', name: 'Fastly', role: 'edge', headers: { 'x-served-by': /^cache-/i }, fixture: 'edges' },
  {
    id: 'iis-webdav',
    name: 'IIS (WebDAV module)',
    role: 'edge',
    headers: { server: /Microsoft-IIS/i },
    body: /invalid method \(HTTP verb\)/i,
    fixture: 'edges',
  },
  // Static hosts: no application behind them at all.
  { id: 's3', name: 'Amazon S3', role: 'static', headers: { server: /^AmazonS3/i }, fixture: 'static-hosts' },
  {
    id: 'github-pages',
    name: 'GitHub Pages',
    role: 'static',
    headers: { server: /^GitHub\.com/i },
    fixture: 'static-hosts',
  },
  {
    id: 'netlify',
    name: 'Netlify',
    role: 'static',
    headers: { server: /^Netlify/i },
    fixture: 'static-hosts',
  },
  {
    id: 'vercel',
    name: 'Vercel',
    role: 'static',
    headers: { server: /^Vercel/i },
    status: [405],
    fixture: 'static-hosts',
  },
  {
    id: 'nginx',
    name: 'nginx',
    role: 'static',
    body: /<center>nginx(\/[\d.]+)?<\/center>/i,
    status: [405],
    fixture: 'nginx',
  },
  {
    id: 'nginx',
    name: 'nginx',
    role: 'static',
    headers: { server: /^nginx/i },
    statusText: /^Not Allowed$/i,
    status: [405],
    fixture: 'nginx',
  },
  {
    id: 'apache',
    name: 'Apache httpd',
    role: 'static',
    headers: { server: /^Apache/i },
    body: /method \w+ is not allowed for (this|the requested) URL/i,
    fixture: 'apache',
  },
  // Applications.
  {
    id: 'drf',
    name: 'Django REST Framework',
    role: 'app',
    body: /"detail"\s*:\s*"Method \\"[A-Z]+\\" not allowed\./,
    fixture: 'drf',
  },
  {
    id: 'fastapi',
    name: 'FastAPI / Starlette',
    role: 'app',
    headers: { server: /uvicorn|hypercorn/i },
    fixture: 'fastapi',
  },
  {
    id: 'fastapi',
    name: 'FastAPI / Starlette',
    role: 'app',
    body: /^\{"detail":"(Method Not Allowed|Not Found)"\}$/,
    fixture: 'fastapi',
  },
  { id: 'flask', name: 'Flask / Werkzeug', role: 'app', headers: { server: /Werkzeug/i }, fixture: 'flask' },
  {
    id: 'flask',
    name: 'Flask / Werkzeug',
    role: 'app',
    body: /The method is not allowed for the requested URL\./,
    fixture: 'flask',
  },
  {
    id: 'django',
    name: 'Django',
    role: 'app',
    headers: {
      'cross-origin-opener-policy': /same-origin/i,
      'referrer-policy': /same-origin/i,
      'x-frame-options': /DENY/i,
    },
    fixture: 'django',
  },
  { id: 'django', name: 'Django', role: 'app', headers: { server: /WSGIServer/i }, fixture: 'django' },
  {
    id: 'nestjs',
    name: 'NestJS',
    role: 'app',
    body: /"message"\s*:\s*"Cannot [A-Z]+ \/[^"]*"\s*,\s*"error"\s*:\s*"Not Found"/,
    hides405: true,
    fixture: 'nestjs',
  },
  {
    id: 'fastify',
    name: 'Fastify',
    role: 'app',
    body: /Route [A-Z]+:\S* not found/,
    hides405: true,
    fixture: 'fastify',
  },
  { id: 'nextjs', name: 'Next.js', role: 'app', headers: { 'x-powered-by': /Next\.js/i }, fixture: 'nextjs' },
  {
    id: 'nextjs',
    name: 'Next.js',
    role: 'app',
    headers: { vary: /next-router-state-tree/i },
    fixture: 'nextjs',
  },
  {
    id: 'nuxt',
    name: 'Nuxt (Nitro)',
    role: 'app',
    headers: { 'x-powered-by': /Nuxt/i },
    hides405: true,
    fixture: 'nuxt',
  },
  {
    id: 'sveltekit',
    name: 'SvelteKit',
    role: 'app',
    headers: { 'x-sveltekit-page': /./ },
    fixture: 'sveltekit',
  },
  {
    id: 'sveltekit',
    name: 'SvelteKit',
    role: 'app',
    body: /^[A-Z]+ method not allowed$/,
    status: [405],
    fixture: 'sveltekit',
  },
  {
    id: 'express',
    name: 'Express',
    role: 'app',
    headers: { 'x-powered-by': /Express/i },
    hides405: true,
    fixture: 'express',
  },
  {
    id: 'express',
    name: 'Express',
    role: 'app',
    body: /<pre>Cannot [A-Z]+ \/[^<]*<\/pre>/,
    hides405: true,
    fixture: 'express',
  },
  {
    id: 'spring',
    name: 'Spring Boot',
    role: 'app',
    body: /"error"\s*:\s*"Method Not Allowed".*"path"\s*:/s,
    fixture: 'spring',
  },
  { id: 'aspnet', name: 'ASP.NET Core', role: 'app', headers: { server: /Kestrel/i }, fixture: 'aspnet' },
  {
    id: 'laravel',
    name: 'Laravel',
    role: 'app',
    body: /The [A-Z]+ method is not supported for (this )?route/i,
    fixture: 'laravel',
  },
  {
    id: 'rails',
    name: 'Ruby on Rails',
    role: 'app',
    body: /No route matches \[[A-Z]+\]/,
    hides405: true,
    fixture: 'rails',
  },
  {
    id: 'rails',
    name: 'Ruby on Rails',
    role: 'app',
    headers: { 'x-runtime': /^[\d.]+$/, 'x-request-id': /./ },
    hides405: true,
    fixture: 'rails',
  },
  {
    id: 'koa',
    name: 'Koa',
    role: 'app',
    headers: { 'content-type': /^text\/plain/i },
    body: /^(Method Not Allowed|Not Implemented)$/,
    fixture: 'koa',
  },
  {
    id: 'hono',
    name: 'Hono',
    role: 'app',
    headers: { 'content-type': /^text\/plain/i },
    body: /^404 Not Found$/,
    hides405: true,
    fixture: 'hono',
  },
  {
    id: 'go',
    name: 'Go net/http',
    role: 'app',
    headers: { 'content-type': /^text\/plain; charset=utf-8$/i, 'x-content-type-options': /nosniff/i },
    body: /^(method not allowed|404 page not found)\n?$/i,
    fixture: 'go-nethttp',
  },
  {
    id: 'gin',
    name: 'Gin',
    role: 'app',
    headers: { 'content-type': /^text\/plain$/i },
    body: /^(404 page not found|405 method not allowed)$/,
    hides405: true,
    fixture: 'gin',
  },
  // Generic proxies last: a Via header alone says something sits in front of the app.
  {
    id: 'proxy',
    name: 'a proxy or gateway (Via header)',
    role: 'edge',
    headers: { via: /./ },
    fixture: 'edges',
  },
]

export function fingerprint(
  status: number,
  headers: HeaderMap,
  body: string,
  statusText = '',
): Framework | null {
  const trimmed = body.trim()
  for (const row of FINGERPRINTS) {
    if (row.status && !row.status.includes(status)) continue
    const ev: string[] = []
    let ok = true
    for (const [name, pattern] of Object.entries(row.headers ?? {})) {
      const v = header(headers, name)
      if (v === undefined || !pattern.test(v)) {
        ok = false
        break
      }
      ev.push(`${name}: ${v.slice(0, 80)}`)
    }
    if (!ok) continue
    if (row.statusText) {
      if (!row.statusText.test(statusText)) continue
      ev.push(`status: ${status} ${statusText.slice(0, 40)}`)
    }
    if (row.body) {
      const m = row.body.exec(trimmed)
      if (!m) continue
      ev.push(`body: ${m[0].slice(0, 80)}`)
    }
    return {
      id: row.id,
      name: row.name,
      role: row.role,
      router: row.router === true,
      hides405: row.hides405 === true,
      evidence: ev,
    }
  }
  return null
}
