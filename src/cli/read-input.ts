import { readFile, stat } from 'node:fs/promises'
import { harEntries } from '../core/har'

/** Refuse files above this (MB) instead of exhausting memory; METHOD_DOCTOR_MAX_MB overrides. */
export const DEFAULT_MAX_MB = 256

export class InputError extends Error {
  constructor(
    readonly id: string,
    readonly params: Record<string, string>,
  ) {
    super(id)
  }
}

/** HAR nests a few levels (Chrome's async initiator stacks some dozens); far deeper is a parser bomb. */
export const MAX_DEPTH = 1000
/**
 * Values (commas and brackets) one entry may hold. A real entry has hundreds; parsed, each tiny
 * value costs ~25× its bytes, so a crafted entry of millions could exhaust the heap well under
 * the size limit. Such an entry is skipped and said, not parsed.
 */
export const MAX_ENTRY_VALUES = 1_000_000
/** Above this, a file without `log.entries` is called "not a HAR file" without being parsed. */
const WHOLE_PARSE_MAX_BYTES = 16 * 1024 * 1024

/** Does `[`/`{` nesting outside strings go past `limit`? One linear pass, no parsing. */
export function nestsDeeperThan(buf: Uint8Array, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!
    if (inString) {
      if (b === 0x5c) i++
      else if (b === 0x22) inString = false
    } else if (b === 0x22) inString = true
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > limit) return true
    } else if (b === 0x5d || b === 0x7d) depth--
  }
  return false
}

function maxBytes(): number {
  const env = Number(process.env.METHOD_DOCTOR_MAX_MB)
  return (Number.isFinite(env) && env > 0 ? env : DEFAULT_MAX_MB) * 1024 * 1024
}

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer
    size += b.length
    if (size > limit)
      throw new InputError('cli_err_too_large', {
        file: '-',
        size: String(Math.round(size / 1048576)),
        limit: String(limit / 1048576),
      })
    chunks.push(b)
  }
  return Buffer.concat(chunks)
}

/** Reads and parses one HAR file (or stdin for "-"), turning every failure into an InputError. */
export async function readHar(
  file: string,
  onEntry: (entry: unknown) => void,
  onSkipped: (index: number, values: number) => void = () => undefined,
): Promise<void> {
  const limit = maxBytes()
  let buf: Buffer
  if (file === '-') {
    buf = await readStdin(limit)
  } else {
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(file)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') throw new InputError('cli_err_missing', { file })
      throw new InputError('cli_err_unreadable', { file, reason: code ?? 'error' })
    }
    if (info.isDirectory()) throw new InputError('cli_err_dir', { file })
    if (info.size > limit) {
      throw new InputError('cli_err_too_large', {
        file,
        size: String(Math.round(info.size / 1048576)),
        limit: String(limit / 1048576),
      })
    }
    try {
      buf = await readFile(file)
    } catch (err) {
      throw new InputError('cli_err_unreadable', {
        file,
        reason: (err as NodeJS.ErrnoException).code ?? 'error',
      })
    }
  }
  if (buf.length === 0 || buf.toString('utf8', 0, Math.min(buf.length, 64)).trim() === '')
    throw new InputError('cli_err_empty', { file })
  if (buf.subarray(0, 4096).includes(0)) throw new InputError('cli_err_binary', { file })
  // One pass over the bytes: each log.entries element is parsed and handed over on its own, so the
  // whole document never exists as one tree (memory ≈ the file, not 3–4× it).
  let index = 0
  const scan = scanEntries(buf, MAX_DEPTH, (start, end, values) => {
    const at = index++
    if (values > MAX_ENTRY_VALUES) {
      onSkipped(at, values)
      return
    }
    let entry: unknown
    try {
      entry = JSON.parse(buf.toString('utf8', start, end))
    } catch (err) {
      throw new InputError('cli_err_json', {
        file,
        reason: err instanceof Error ? err.message.slice(0, 120) : 'syntax error',
      })
    }
    onEntry(entry)
  })
  if (scan === 'ok') return
  if (scan === 'too-deep') throw new InputError('cli_err_too_deep', { file, limit: String(MAX_DEPTH) })
  if (scan === 'truncated') throw new InputError('cli_err_json', { file, reason: 'unexpected end of input' })
  // No log.entries array. A large file is not parsed whole just to say so (millions of tiny values
  // could exhaust the heap); a small one is, to say precisely what it is instead.
  if (buf.length > WHOLE_PARSE_MAX_BYTES) throw new InputError('cli_err_not_har', { file })
  if (nestsDeeperThan(buf, MAX_DEPTH))
    throw new InputError('cli_err_too_deep', { file, limit: String(MAX_DEPTH) })
  let doc: unknown
  try {
    doc = JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new InputError('cli_err_json', {
      file,
      reason: err instanceof Error ? err.message.slice(0, 120) : 'syntax error',
    })
  }
  try {
    for (const e of harEntries(doc)) onEntry(e)
  } catch {
    throw new InputError('cli_err_not_har', { file })
  }
}

const QUOTE = 0x22
const KEY_DECODER = new TextDecoder()
const BACKSLASH = 0x5c

/** Index of the quote closing the string that opens at `i`, or -1 when the input ends first. */
function stringEnd(buf: Uint8Array, i: number): number {
  let j = i
  for (;;) {
    j = buf.indexOf(QUOTE, j + 1)
    if (j < 0) return -1
    let k = j - 1
    while (buf[k] === BACKSLASH) k--
    if ((j - k - 1) % 2 === 0) return j
  }
}

/**
 * Finds `log.entries` and reports each element's byte range, checking nesting depth on the way.
 * Strings are jumped over with indexOf, so the pass costs little beside the per-entry parse.
 */
export function scanEntries(
  buf: Uint8Array,
  limit: number,
  onEntry: (start: number, end: number, values: number) => void,
): 'ok' | 'too-deep' | 'truncated' | 'no-entries' {
  let values = 0
  let depth = 0
  let key1 = ''
  let key2 = ''
  let logOpen = false
  let inEntries = false
  let found = false
  let entryStart = -1
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!
    if (b === QUOTE) {
      const end = stringEnd(buf, i)
      if (end < 0) return 'truncated'
      // Only short strings can be the keys that matter; skip decoding anything else.
      if (end - i < 16 && entryStart < 0) {
        const text = KEY_DECODER.decode(buf.subarray(i + 1, end))
        if (depth === 1) key1 = text
        else if (depth === 2) key2 = text
      }
      i = end
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return 'too-deep'
      if (depth === 2) logOpen = b === 0x7b && key1 === 'log'
      else if (depth === 3 && logOpen && b === 0x5b && key2 === 'entries') {
        inEntries = true
        found = true
      } else if (depth === 4 && inEntries) {
        entryStart = i
        values = 0
      }
      values++
    } else if (b === 0x2c) {
      values++
    } else if (b === 0x7d || b === 0x5d) {
      if (depth === 4 && entryStart >= 0) {
        onEntry(entryStart, i + 1, values)
        entryStart = -1
      } else if (depth === 3) inEntries = false
      depth--
      if (depth < 0) return 'no-entries'
    }
  }
  if (depth !== 0) return 'truncated'
  return found ? 'ok' : 'no-entries'
}
