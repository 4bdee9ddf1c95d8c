/**
 * The CLI's input: every HAR file given, read as a stream into one engine, with the sites of the
 * capture's pages (probe scope) and, for JUnit, the endpoints it held.
 */
import { Engine } from '../core/engine'
import { junitEndpoint } from '../core/format/junit'
import type { SkipReason } from '../core/har-stream'
import { PageSites } from '../core/probe/page-sites'
import { readHar } from './read-input'

/** JUnit lists the clean endpoints too: every one the input held, up to a sane number. */
const MAX_JUNIT_ENDPOINTS = 10_000

export interface Captures {
  engine: Engine
  pages: PageSites
  /** Endpoints seen (JUnit only). */
  checked: Set<string>
  /** Entries left out unread, per file, by reason. */
  skipped: Map<string, { values: number; bytes: number }>
}

export interface CaptureOptions {
  junit: boolean
  keepSecrets: boolean
  /** The memory budget (read-input.ts memoryBudgetMb). */
  memoryMb: number
  /** The built reading thread, when there is one (read-worker.ts). */
  readerThread?: URL
}

const fresh = (): Captures => ({
  engine: new Engine(),
  pages: new PageSites(),
  checked: new Set(),
  skipped: new Map(),
})

/** Reads `files` in order; throws InputError for the first one that cannot be read. */
export async function readCaptures(files: readonly string[], o: CaptureOptions): Promise<Captures> {
  let c = fresh()
  const note = (entry: unknown): void => {
    if (c.checked.size >= MAX_JUNIT_ENDPOINTS) return
    const req = (entry as { request?: { method?: unknown; url?: unknown } } | null)?.request
    if (typeof req?.method === 'string' && typeof req.url === 'string' && /^https?:/i.test(req.url))
      c.checked.add(junitEndpoint(req.method.toUpperCase(), req.url, { keepSecrets: o.keepSecrets }))
  }
  const readOne = (file: string): Promise<void> =>
    readHar(
      file,
      o.memoryMb,
      {
        onEntry: (entry) => {
          c.engine.add(entry)
          c.pages.note(entry)
          if (o.junit) note(entry)
        },
        onSkipped: (_index: number, why: SkipReason) => {
          const counts = c.skipped.get(file) ?? { values: 0, bytes: 0 }
          counts[why.kind]++
          c.skipped.set(file, counts)
        },
        // A later `log`/`entries` in this file replaced what was read of it: start again from a fresh
        // engine with the files before it (the engine cannot take entries back), then this file's winner.
        onRestart: async () => {
          c = fresh()
          for (const before of files.slice(0, files.indexOf(file))) await readOne(before)
        },
      },
      o.readerThread,
    )
  for (const file of files) await readOne(file)
  return c
}
