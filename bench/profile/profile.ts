import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { CLI_JS, CORE_JS, PROFILES, ROOT, sizeLabel } from '../lib/paths'
import { timedRun } from '../lib/proc'
import { type Metric, metric } from '../lib/report'
import { median } from '../lib/stats'
import type { Workload } from '../workloads/workloads'
import { type CpuProfile, fileUrls, formatSummary, hotSpots, type ProfileSummary } from './cpuprofile'

const FLOOR = resolve(ROOT, 'bench/batch/floor.mjs')
const STREAM = resolve(ROOT, 'bench/experiments/stream-analyze.mjs')

async function profileRun(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<ProfileSummary> {
  const file = resolve(PROFILES, `${name}.cpuprofile`)
  rmSync(file, { force: true })
  await timedRun(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${PROFILES}`,
      `--cpu-prof-name=${name}.cpuprofile`,
      '--cpu-prof-interval=250',
      ...args,
    ],
    { env, okCodes: [0, 1] },
  )
  const summary = hotSpots(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, fileUrls, 20)
  writeFileSync(resolve(PROFILES, `${name}.txt`), `${formatSummary(name, summary)}\n`)
  return summary
}

/**
 * CPU profiles of `analyze` (and of the floor, for comparison) on the workloads whose batch
 * targets were missed, mapped back to src/ through the build's hidden source maps.
 * Written to bench/out/profiles/*.cpuprofile (open in Chrome DevTools) and *.txt.
 */
export async function runProfile(o: {
  workloads: readonly Workload[]
  missed: readonly string[]
  force: boolean
}): Promise<{ metrics: Metric[]; details: unknown }> {
  mkdirSync(PROFILES, { recursive: true })
  const out: Record<string, ProfileSummary> = {}
  const metrics: Metric[] = []
  let projection: unknown = null
  for (const w of o.workloads) {
    const label = sizeLabel(w.entries)
    const missed = o.missed.some(
      (id) => id.startsWith(`batch.${label}.`) || (id === 'batch.linearity' && w.entries >= 10_000),
    )
    if (!missed && !o.force) continue
    const mb = w.stats.bytes / 1048576
    const env: Record<string, string> = mb > 256 ? { METHOD_DOCTOR_MAX_MB: String(Math.ceil(mb) + 64) } : {}
    log(`profile: analyze ${label}`)
    out[`analyze-${label}`] = await profileRun(`analyze-${label}`, [CLI_JS, 'analyze', w.file, '--json'], env)
    out[`floor-${label}`] = await profileRun(`floor-${label}`, [FLOOR, w.file], {})
    process.stderr.write(`${formatSummary(`analyze ${label}`, out[`analyze-${label}`]!)}\n`)
    if (w.entries >= 100_000) {
      const p = await projectStreaming(w.file)
      projection = p
      metrics.push(
        metric(
          `profile.${label}.stream_vs_floor`,
          `proposed streaming read: analyze / floor, ${label}`,
          p.ratio,
          '×',
          undefined,
          'prototype: bench/experiments/stream-analyze.mjs',
        ),
        metric(
          `profile.${label}.stream_rss_vs_file`,
          `proposed streaming read: peak RSS / file, ${label}`,
          p.rssKb === null ? null : (p.rssKb * 1024) / w.stats.bytes,
          '×',
        ),
      )
    }
  }
  return { metrics, details: { dir: PROFILES, profiles: out, projection } }
}

/** Same engine and report, read by the proposed one-pass splitter: what the fix would buy. */
async function projectStreaming(
  file: string,
): Promise<{ floorMs: number; streamMs: number; ratio: number; rssKb: number | null }> {
  log('profile: measuring the proposed streaming read (3 rounds)')
  const floor: number[] = []
  const stream: number[] = []
  let rss: number | null = null
  for (let i = 0; i < 3; i++) {
    floor.push((await timedRun(process.execPath, [FLOOR, file])).wallMs)
    const r = await timedRun(process.execPath, [STREAM, CORE_JS, file])
    stream.push(r.wallMs)
    rss = Math.max(rss ?? 0, r.maxRssKb ?? 0) || null
  }
  return {
    floorMs: median(floor),
    streamMs: median(stream),
    ratio: median(stream) / median(floor),
    rssKb: rss,
  }
}
