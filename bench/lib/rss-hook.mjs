// Preloaded with `node --import` where GNU time is missing: writes this process's peak RSS
// (KiB) to MD_BENCH_RSS_FILE at exit, in GNU time's "%M" format.
import { writeFileSync } from 'node:fs'

const file = process.env.MD_BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`))
