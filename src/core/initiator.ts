/**
 * Which code sent a request, from Chromium's HAR `_initiator`: a script's call stack (async
 * parents included), the parser of a document, a preflight's own request, or "other" (a form
 * submission, the address bar). Firefox and Playwright write no stacks. Every string here comes
 * from the capture: clipped, and shown only as text.
 */
import { VENDOR_CHUNK_PATTERNS } from './initiator-vendors'
import { printable } from './printable'

/** One place in a script; `line` and `column` count from 1, as editors and stack traces do. */
export interface SourceFrame {
  url: string
  line: number
  column: number
  /** '' for an anonymous function. */
  function: string
}

/** A stack segment: the synchronous frames, or those before an async hop (`description`: "await", "setTimeout"…). */
export interface StackSegment {
  description: string
  frames: SourceFrame[]
}

export type InitiatorType = 'script' | 'parser' | 'preflight' | 'other'

export interface Initiator {
  type: InitiatorType
  /**
   * The frame to show: the first of the page's own code (a script), or the document and line
   * (the parser). Absent when the capture names none.
   */
  frame?: SourceFrame
  /** A script's whole stack, bounded (MAX_FRAMES), for "show the whole stack". */
  stack?: StackSegment[]
}

const MAX_FRAMES = 48
const MAX_SEGMENTS = 12
const MAX_URL = 2048
const MAX_NAME = 200
const MAX_DESCRIPTION = 60

const TYPES: ReadonlySet<string> = new Set(['script', 'parser', 'preflight', 'other'])

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** A capture's string, clipped and made one line of plain text (a function name can hold `\n`). */
function str(v: unknown, max: number): string {
  return typeof v === 'string' ? printable(v.slice(0, max)) : ''
}

/** A 0-based position from the capture as a 1-based one; NaN, negatives and junk become 0 (unknown). */
function position(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9 ? v + 1 : 0
}

function frameOf(raw: unknown): SourceFrame | null {
  const f = obj(raw)
  if (!f) return null
  return {
    url: str(f.url, MAX_URL),
    line: position(f.lineNumber),
    column: position(f.columnNumber),
    function: str(f.functionName, MAX_NAME),
  }
}

/** The stack's segments, innermost first, following `parent` links (bounded: a hostile HAR can nest forever). */
function readStack(raw: unknown): StackSegment[] {
  const out: StackSegment[] = []
  let frames = 0
  let seg = obj(raw)
  while (seg && out.length < MAX_SEGMENTS && frames < MAX_FRAMES) {
    const list = Array.isArray(seg.callFrames) ? seg.callFrames : []
    const kept: SourceFrame[] = []
    for (const f of list) {
      if (frames >= MAX_FRAMES) break
      const frame = frameOf(f)
      if (!frame) continue
      kept.push(frame)
      frames++
    }
    out.push({ description: str(seg.description, MAX_DESCRIPTION), frames: kept })
    seg = obj(seg.parent)
  }
  return out
}

/** Frames the user did not write and cannot open usefully: no URL, or an extension's own script. */
function isForeign(url: string): boolean {
  return (
    url === '' ||
    /^(chrome|moz|safari-web|ms-browser)-extension:|^(devtools|chrome|about|debugger):/i.test(url)
  )
}

export function isVendorChunk(url: string): boolean {
  return VENDOR_CHUNK_PATTERNS.some((p) => p.test(url))
}

/**
 * The first frame of the page's own code: frames without a URL and extension scripts are skipped,
 * and so are bundled vendor chunks while a later frame of the page's own exists (a fetch wrapped
 * by axios or a framework is shown where the page called it). All vendor: the first of those.
 */
export function ownFrame(stack: readonly StackSegment[]): SourceFrame | undefined {
  let vendor: SourceFrame | undefined
  for (const seg of stack)
    for (const f of seg.frames) {
      if (isForeign(f.url)) continue
      if (!isVendorChunk(f.url)) return f
      vendor ??= f
    }
  return vendor
}

/** Reads a HAR entry's `_initiator`; undefined when it has none or it says nothing usable. */
export function readInitiator(raw: unknown): Initiator | undefined {
  const i = obj(raw)
  if (!i || typeof i.type !== 'string') return undefined
  const type = i.type.toLowerCase()
  if (!TYPES.has(type)) return undefined
  if (type === 'script') {
    const stack = readStack(i.stack)
    const frame = ownFrame(stack)
    return { type, ...(frame ? { frame } : {}), ...(stack.some((s) => s.frames.length > 0) ? { stack } : {}) }
  }
  // The parser and a preflight name a document or request URL (and the parser a line).
  const url = str(i.url, MAX_URL)
  if (url === '' || isForeign(url)) return { type: type as InitiatorType }
  return {
    type: type as InitiatorType,
    frame: { url, line: position(i.lineNumber), column: position(i.columnNumber), function: '' },
  }
}
