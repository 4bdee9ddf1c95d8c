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
export async function readHar(file: string): Promise<unknown[]> {
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
  // V8 parses any depth, at ~30 bytes of heap per level: refuse before building it.
  if (nestsDeeperThan(buf, MAX_DEPTH))
    throw new InputError('cli_err_too_deep', { file, limit: String(MAX_DEPTH) })
  let doc: unknown
  try {
    doc = JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, ''))
  } catch (err) {
    if (err instanceof RangeError) throw new InputError('cli_err_too_deep', { file, limit: 'V8' })
    throw new InputError('cli_err_json', {
      file,
      reason: err instanceof Error ? err.message.slice(0, 120) : 'syntax error',
    })
  }
  try {
    return harEntries(doc)
  } catch {
    throw new InputError('cli_err_not_har', { file })
  }
}
