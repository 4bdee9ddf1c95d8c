/**
 * The CLI's reading thread: reads one HAR file as a stream (core/har-stream.ts, lean) and posts its
 * entries in batches, at most BATCHES_AHEAD ahead of the thread that analyses them.
 */
import { createReadStream } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { flattenEntry } from '../core/har-read/lean-wire'
import { readHarStream } from '../core/har-stream'
import { BATCHES_AHEAD, type FromReader, type ReadJob, type ToReader } from './read-worker-protocol'

const CHUNK_BYTES = 1024 * 1024

const port = parentPort
if (!port) throw new Error('read-worker.ts runs as a worker thread')
const job = workerData as ReadJob
const post = (m: FromReader): void => port.postMessage(m)

let sent = 0
let taken = 0
let wake: (() => void) | null = null
port.on('message', (m: ToReader) => {
  taken = m.batches
  wake?.()
})

/** The entries since the last post, flattened. */
let batch: unknown[] = []
const flush = (): void => {
  if (batch.length === 0) return
  post({ type: 'entries', flat: batch })
  batch = []
  sent++
}

/** The file's chunks, each one's entries posted before the next is read; waits when far ahead. */
async function* chunks(): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(job.file, { highWaterMark: CHUNK_BYTES })) {
    yield chunk as Uint8Array
    flush()
    while (sent - taken >= BATCHES_AHEAD) await new Promise<void>((r) => (wake = r))
  }
}

const error = await readHarStream(
  { rereadable: true, chunks },
  {
    lean: true,
    wholeAsText: true,
    maxEntryBytes: job.maxEntryBytes,
    onEntry: (e) => flattenEntry(e as Record<string, unknown> | string, batch),
    onSkipped: (index, why) => {
      flush()
      post({ type: 'skipped', index, why })
    },
    onRestart: () => {
      flush()
      post({ type: 'restart' })
    },
  },
)
flush()
post({ type: 'done', error })
