/**
 * The big workload (default 1.2 GB): the same generator, recordings, mix and seed as the others,
 * with as many entries as that many bytes of the 100k file's mix hold. generateHar streams its
 * writes, so the file never exists in memory. Written beside the others in bench/out/workloads
 * (gitignored), reused until the generator changes, and refused when the disk cannot take it.
 */
import { existsSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ByteSize } from '../lib/args'
import { log } from '../lib/log'
import { WORKLOADS } from '../lib/paths'
import { generateHar, type WorkloadStats } from '../workloads/generate'
import { fingerprint, SEED, type Workload } from '../workloads/workloads'

/** Room left on the disk after the file: its own runs' outputs and everyone else's work. */
const HEADROOM = 2 ** 30

export interface BigWorkload extends Workload {
  label: string
  targetBytes: number
}

interface Manifest {
  fingerprint: string
  targetBytes: number
  stats: WorkloadStats
}

const gb = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GB`

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir)
  return s.bavail * s.bsize
}

/**
 * Entries for `size` bytes at the mix of `base` (the 100k workload): its bytes per entry. The
 * generator scales its endpoint pools with the entry count, so the mix stays the same.
 */
export function entriesFor(size: ByteSize, base: Workload): number {
  return Math.max(1000, Math.round(size.bytes / (base.stats.bytes / base.entries)))
}

export async function ensureBigWorkload(size: ByteSize, base: Workload): Promise<BigWorkload> {
  const file = resolve(WORKLOADS, `har-${size.label}.har`)
  const manifestFile = `${file}.json`
  const fp = fingerprint()
  if (existsSync(file) && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
    if (m.fingerprint === fp && m.targetBytes === size.bytes)
      return { entries: m.stats.entries, file, stats: m.stats, label: size.label, targetBytes: size.bytes }
  }
  // A stale file (older generator) goes first: its space counts as free.
  const partial = `${file}.partial`
  for (const f of [file, manifestFile, partial]) rmSync(f, { force: true })
  const free = freeBytes(WORKLOADS)
  if (free < size.bytes + HEADROOM) {
    const msg = `not enough disk space for the ${size.label} workload: ${gb(free)} free in ${WORKLOADS}, it needs ${gb(size.bytes + HEADROOM)} (the file plus ${gb(HEADROOM)} of headroom). Free some space, choose a smaller size (--sizes=…,300m) or leave the section out (--skip=big).`
    const err = new Error(msg)
    err.stack = msg
    throw err
  }
  const entries = entriesFor(size, base)
  const t0 = performance.now()
  log(
    `generating the ${size.label} workload: ${entries.toLocaleString('en')} entries → ${file} (a few minutes)`,
  )
  // Written under another name first: an interrupted run never leaves a file that looks complete.
  const stats = await generateHar(partial, entries, SEED)
  renameSync(partial, file)
  writeFileSync(
    manifestFile,
    `${JSON.stringify({ fingerprint: fp, targetBytes: size.bytes, stats }, null, 2)}\n`,
  )
  log(`generated ${gb(stats.bytes)} in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  return { entries, file, stats, label: size.label, targetBytes: size.bytes }
}
