/**
 * The reference read of a workload, in its own process: streams the file through EntrySplitter,
 * feeds each parsed entry to the built engine (`core/index.js`, the CLI's engine) and builds the
 * report as the CLI does. Counts what the generator counted, so a wrong split shows as a
 * mismatch with the workload's manifest. Writes JSON to `out`.
 * Usage: tsx reference-child.ts <file.har> <core/index.js> <lang> <out.json>
 */
import { createReadStream, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { Engine as EngineClass } from '../../src/core/engine'
import type { Lang } from '../../src/core/i18n'
import type { buildReport as BuildReport } from '../../src/core/report'
import { EntrySplitter } from './entry-splitter'

const [file, corePath, lang, out] = process.argv.slice(2)
if (!file || !corePath || !out || (lang !== 'en' && lang !== 'vi'))
  throw new Error('usage: reference-child.ts <file.har> <core/index.js> <en|vi> <out.json>')

const core = (await import(pathToFileURL(corePath).href)) as {
  Engine: typeof EngineClass
  buildReport: typeof BuildReport
}

interface Entry {
  request: { url: string }
  response: { status: number }
}

const started = performance.now()
const engine = new core.Engine()
const splitter = new EntrySplitter()
const failingEndpoints = new Set<string>()
let entries = 0
let failing = 0
let bytes = 0
const take = (raw: Buffer): void => {
  const e = JSON.parse(raw.toString('utf8')) as Entry
  entries++
  // The generator's own rule (templates.ts isFailure, endpoint = URL before '?').
  if (e.response.status >= 400 || e.response.status <= 0) {
    failing++
    failingEndpoints.add(e.request.url.split('?')[0]!)
  }
  engine.add(e)
}
for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
  bytes += (chunk as Buffer).length
  splitter.push(chunk as Buffer, take)
}
splitter.end()
const report = core.buildReport(engine.findings(), {
  lang: lang as Lang,
  source: file,
  toolVersion: 'reference',
  keepSecrets: false,
})
writeFileSync(
  out,
  JSON.stringify({
    stats: { entries, bytes, failing, distinctFailingEndpoints: failingEndpoints.size },
    ms: performance.now() - started,
    peakRssKb: process.resourceUsage().maxRSS,
    findings: report.findings,
  }),
)
