import { readFile, stat } from 'node:fs/promises'
import { type HarBytesError, MAX_DEPTH, readHarBytes } from '../core/har-bytes'

export { MAX_DEPTH, MAX_ENTRY_VALUES, nestsDeeperThan } from '../core/har-bytes'

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
  const error = readHarBytes(buf, onEntry, onSkipped)
  if (error) throw inputError(error, file)
}

function inputError(e: HarBytesError, file: string): InputError {
  switch (e.code) {
    case 'empty':
      return new InputError('cli_err_empty', { file })
    case 'binary':
      return new InputError('cli_err_binary', { file })
    case 'json':
      return new InputError('cli_err_json', { file, reason: e.reason })
    case 'too-deep':
      return new InputError('cli_err_too_deep', { file, limit: String(MAX_DEPTH) })
    case 'not-har':
      return new InputError('cli_err_not_har', { file })
  }
}
