/** `npx tsx bench/workloads/main.ts [--force]`: writes the HAR workloads to bench/out/workloads. */
import { ensureWorkloads, WORKLOAD_SIZES } from './workloads'

const list = await ensureWorkloads(WORKLOAD_SIZES, process.argv.includes('--force'))
for (const w of list)
  console.log(
    `${w.file}  ${w.stats.entries} entries  ${(w.stats.bytes / 1048576).toFixed(1)} MB  ${w.stats.failing} failing`,
  )
