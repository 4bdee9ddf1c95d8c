import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { createGzip } from 'node:zlib'
import type { CDPSession } from '@playwright/test'

/** Chromium trace events (the JSON Trace Event Format). */
export interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  tdur?: number
  pid: number
  tid: number
  id?: string
  args?: { data?: Record<string, unknown> } & Record<string, unknown>
}

/** Tasks, script entry points, style/layout/paint: what a long task is made of. */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute']
/** JS samples in the trace: not while the Profiler domain samples the same isolate (the two together stalled it). */
const JS_SAMPLES = 'disabled-by-default-v8.cpu_profiler'

export async function startTrace(browser: CDPSession, jsSamples = true): Promise<void> {
  await browser.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      recordMode: 'recordAsMuchAsPossible',
      includedCategories: jsSamples ? [...CATEGORIES, JS_SAMPLES] : CATEGORIES,
    },
  })
}

/**
 * Ends the trace and reads it back over the IO stream, writing the raw trace to `file`
 * (gzipped; opens in DevTools' Performance panel). Events are split out of the byte stream
 * one by one: a busy trace is larger than V8's longest string.
 */
export async function stopTrace(
  browser: CDPSession,
  file: string,
): Promise<{ events: TraceEvent[]; dataLoss: boolean; bytes: number }> {
  const done = new Promise<{ stream?: string; dataLossOccurred: boolean }>((resolve) =>
    browser.once('Tracing.tracingComplete', resolve),
  )
  await browser.send('Tracing.end')
  const { stream, dataLossOccurred } = await done
  if (!stream) throw new Error('Tracing.tracingComplete without a stream')
  const gz = createGzip()
  const out = createWriteStream(file)
  gz.pipe(out)
  const chunks: Buffer[] = []
  for (;;) {
    const r = await browser.send('IO.read', { handle: stream, size: 8 << 20 })
    const buf = r.base64Encoded ? Buffer.from(r.data, 'base64') : Buffer.from(r.data, 'utf8')
    chunks.push(buf)
    gz.write(buf)
    if (r.eof) break
  }
  await browser.send('IO.close', { handle: stream })
  gz.end()
  await once(out, 'finish')
  const all = Buffer.concat(chunks)
  return { events: splitEvents(all), dataLoss: dataLossOccurred, bytes: all.length }
}

/** The objects of the top-level `traceEvents` array (or of a bare array), parsed one at a time. */
export function splitEvents(buf: Buffer): TraceEvent[] {
  const key = buf.indexOf('"traceEvents"')
  let i = key < 0 ? buf.indexOf('[') : buf.indexOf('[', key)
  const out: TraceEvent[] = []
  if (i < 0) return out
  let depth = 0
  let start = -1
  let inString = false
  for (i++; i < buf.length; i++) {
    const b = buf[i]!
    if (inString) {
      if (b === 0x5c) i++
      else if (b === 0x22) inString = false
      continue
    }
    if (b === 0x22) inString = true
    else if (b === 0x7b || b === 0x5b) {
      if (depth === 0) start = i
      depth++
    } else if (b === 0x7d || b === 0x5d) {
      if (depth === 0) break
      depth--
      if (depth === 0 && start >= 0) {
        out.push(JSON.parse(buf.toString('utf8', start, i + 1)) as TraceEvent)
        start = -1
      }
    }
  }
  return out
}
