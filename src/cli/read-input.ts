import { on } from 'node:events'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { MAX_DEPTH } from '../core/har-bytes'
import { unflatten } from '../core/har-read/lean-wire'
import { type HarByteSource, type HarStreamError, readHarStream, type SkipReason } from '../core/har-stream'
import type { FromReader, ReadJob, ToReader } from './read-worker-protocol'

export { MAX_DEPTH, MAX_ENTRY_VALUES } from '../core/har-bytes'
export { nestsDeeperThan } from '../core/har-read/json-bytes'

/**
 * The memory the reader may use (MB), METHOD_DOCTOR_MEMORY_MB overrides (METHOD_DOCTOR_MAX_MB, its
 * old name as a file-size cap, still counts). A file of any size is read as a stream; what this
 * bounds is the one entry held at a time, up to half of it (the rest: its copy while being read).
 */
export const DEFAULT_MEMORY_MB = 256
/** Chunks read from the file: large enough that per-chunk work is noise, small against the budget. */
const CHUNK_BYTES = 1024 * 1024

export class InputError extends Error {
  constructor(
    readonly id: string,
    readonly params: Record<string, string>,
  ) {
    super(id)
  }
}

export function memoryBudgetMb(env: Record<string, string | undefined>): number {
  for (const name of ['METHOD_DOCTOR_MEMORY_MB', 'METHOD_DOCTOR_MAX_MB']) {
    const v = Number(env[name])
    if (Number.isFinite(v) && v > 0) return v
  }
  return DEFAULT_MEMORY_MB
}

export interface ReadHarOptions {
  onEntry(entry: unknown): void
  onSkipped?(index: number, why: SkipReason): void
  /** Forget the entries handed over so far (see HarStreamOptions.onRestart). */
  onRestart?(): void
}

/**
 * Reads one HAR file (or stdin for "-") as a stream, turning every failure into an InputError. With
 * `thread` (the built reading thread, read-worker.ts), a file is read and scanned there while this
 * thread analyses what it sends.
 */
export async function readHar(
  file: string,
  memoryMb: number,
  o: ReadHarOptions,
  thread?: URL,
): Promise<void> {
  let source: HarByteSource
  if (file === '-') {
    source = { chunks: () => process.stdin as AsyncIterable<Uint8Array>, rereadable: false }
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
    source = { chunks: () => createReadStream(file, { highWaterMark: CHUNK_BYTES }), rereadable: true }
  }
  const maxEntryBytes = (memoryMb * 1024 * 1024) / 2
  const error =
    thread && file !== '-'
      ? await readInThread(thread, { file, maxEntryBytes }, o)
      : await readHarStream(source, { ...o, lean: true, maxEntryBytes })
  if (error) throw inputError(error, file)
}

/** The reading thread's side of readHar: its entries handed to `o` in order, its verdict returned. */
async function readInThread(url: URL, job: ReadJob, o: ReadHarOptions): Promise<HarStreamError | null> {
  const worker = new Worker(url, { workerData: job })
  // A thread that stops without saying "done" (killed, out of memory) ends the wait.
  const stopped = new AbortController()
  worker.once('exit', () => stopped.abort())
  let taken = 0
  try {
    for await (const [m] of on(worker, 'message', { signal: stopped.signal })) {
      const msg = m as FromReader
      if (msg.type === 'entries') {
        const refused = unflatten(msg.flat, o.onEntry)
        if (refused !== null) return { code: 'json', reason: refused }
        const ack: ToReader = { type: 'taken', batches: ++taken }
        worker.postMessage(ack)
      } else if (msg.type === 'skipped') o.onSkipped?.(msg.index, msg.why)
      else if (msg.type === 'restart') await o.onRestart?.()
      else return msg.error
    }
  } catch (err) {
    const reason =
      err instanceof Error && err.name !== 'AbortError'
        ? err.message.split('\n')[0]!
        : 'the reading thread stopped'
    return { code: 'read', reason: reason.slice(0, 200) }
  } finally {
    void worker.terminate()
  }
  return { code: 'read', reason: 'the reading thread stopped' }
}

function inputError(e: HarStreamError, file: string): InputError {
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
    case 'reread':
      return new InputError('cli_err_reread', { file })
    case 'read':
      return new InputError('cli_err_unreadable', { file, reason: e.reason })
    case 'cancelled':
      return new InputError('cli_err_unreadable', { file, reason: 'cancelled' })
  }
}
