import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CHROME_DIST } from '../lib/paths'
import { type Metric, metric } from '../lib/report'

export interface FileSize {
  file: string
  bytes: number
  gzip: number
}

export interface PageBundle {
  entry: string
  /** What the page loads before it can run: the entry script, its static imports, modulepreloads and CSS. */
  initial: FileSize[]
  /** Chunks only reached through dynamic import() (export, import of a HAR, fallback locales). */
  lazy: FileSize[]
  initialGzip: number
  initialJsGzip: number
  lazyGzip: number
}

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g
const DYNAMIC_IMPORT = /import\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g

export function gzipSize(file: string): FileSize {
  const buf = readFileSync(file)
  return { file: relative(CHROME_DIST, file), bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length }
}

function refs(file: string, re: RegExp): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(re)].map((m) => resolve(dirname(file), m[1]!)).filter((f) => existsSync(f))
}

/** Follows static imports from `roots`; dynamic ones are collected separately. */
function graph(roots: readonly string[]): { initial: Set<string>; lazy: Set<string> } {
  const initial = new Set<string>()
  const dynamic = new Set<string>()
  const walk = (f: string, into: Set<string>): void => {
    if (into.has(f)) return
    into.add(f)
    if (!f.endsWith('.js')) return
    for (const s of refs(f, STATIC_IMPORT)) walk(s, into)
    for (const d of refs(f, DYNAMIC_IMPORT)) dynamic.add(d)
  }
  for (const r of roots) walk(r, initial)
  const lazy = new Set<string>()
  for (const d of dynamic) if (!initial.has(d)) walk(d, lazy)
  for (const f of initial) lazy.delete(f)
  return { initial, lazy }
}

/** Scripts, modulepreloads and stylesheets an HTML page names. */
function htmlRoots(html: string): string[] {
  const text = readFileSync(html, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)) {
    const tag = m[0]
    if (tag.startsWith('<link') && !/rel="(?:modulepreload|stylesheet)"/.test(tag)) continue
    const ref = m[1]!
    out.push(ref.startsWith('/') ? resolve(CHROME_DIST, `.${ref}`) : resolve(dirname(html), ref))
  }
  return out.filter((f) => existsSync(f))
}

function bundle(entry: string, roots: readonly string[]): PageBundle {
  const { initial, lazy } = graph(roots)
  const i = [...initial].map(gzipSize)
  const l = [...lazy].map(gzipSize)
  const sum = (xs: readonly FileSize[]): number => xs.reduce((a, x) => a + x.gzip, 0)
  return {
    entry,
    initial: i,
    lazy: l,
    initialGzip: sum(i),
    initialJsGzip: sum(i.filter((x) => x.file.endsWith('.js'))),
    lazyGzip: sum(l),
  }
}

/** Section 7: gzipped bytes each extension page loads, from the bench's own Chrome build. */
export async function runSize(): Promise<{ metrics: Metric[]; details: unknown }> {
  const manifest = JSON.parse(readFileSync(resolve(CHROME_DIST, 'manifest.json'), 'utf8')) as {
    devtools_page: string
    background: { service_worker: string }
  }
  const panelHtml = resolve(CHROME_DIST, 'src/panel/index.html')
  const devtoolsHtml = resolve(CHROME_DIST, manifest.devtools_page.replace(/^\//, ''))
  const worker = resolve(CHROME_DIST, manifest.background.service_worker.replace(/^\//, ''))
  const panel = bundle('src/panel/index.html', htmlRoots(panelHtml))
  const devtools = bundle(manifest.devtools_page, htmlRoots(devtoolsHtml))
  const sw = bundle(manifest.background.service_worker, [worker])
  const kb = (n: number): number => n / 1024
  const metrics = [
    metric('size.panel', 'panel: JS + CSS loaded at start, gzipped', kb(panel.initialGzip), 'KB', {
      op: '<=',
      limit: 40,
    }),
    metric('size.panel_js', 'panel: JS only, gzipped', kb(panel.initialJsGzip), 'KB'),
    metric('size.panel_lazy', 'panel: lazy chunks (export, HAR import), gzipped', kb(panel.lazyGzip), 'KB'),
    metric('size.devtools', 'devtools page, gzipped', kb(devtools.initialGzip), 'KB'),
    metric('size.worker', 'service worker, gzipped', kb(sw.initialGzip), 'KB'),
  ]
  return { metrics, details: { dist: CHROME_DIST, panel, devtools, worker: sw } }
}
