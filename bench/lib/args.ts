export const SECTIONS = ['batch', 'big', 'incremental', 'long', 'panel', 'probe', 'size', 'profile'] as const
export type Section = (typeof SECTIONS)[number]

/** A workload given in bytes (the big-file section): `1.2g`, `300m` (GB = 2³⁰ bytes). */
export interface ByteSize {
  bytes: number
  label: string
}

export interface BenchArgs {
  sections: Set<Section>
  runs: number
  sizes: number[]
  /** The big-file section's workload (default 1.2g), set by a `g`/`m` size in --sizes. */
  big: ByteSize
  build: boolean
  /** Profile even when every target passes (profiles run anyway for a missed target). */
  profile: boolean
  strict: boolean
  headed: boolean
  /** Requests the panel benchmark sends (10% failing, issue 18's 100k); lower it only for a smoke run. */
  panelRequests: number
}

const USAGE = `npm run bench -- [options]
  --only=a,b      sections to run: ${SECTIONS.join(', ')} (default: all)
  --skip=a,b      sections to leave out
  --runs=N        runs per measurement (default 5, at least 5 for the record)
  --sizes=1k,10k  workload sizes in entries (default 1k,10k,100k); a size in bytes (1.2g, 300m) is
                  the big-file section's file (default 1.2g: about 1.3 GB of disk, see docs/benchmarks.md)
  --no-build      measure the existing bench/out/build instead of rebuilding from src/
  --profile       write CPU profiles and hot spots even if every target passes
  --strict        exit 1 when a target is missed
  --headed        show Chromium (needs a display, e.g. xvfb-run -a)
  --panel-requests=N  requests in the panel benchmark (default 100000, 7–9 minutes; smaller only for a smoke run)`

function parseBytes(s: string): ByteSize | null {
  const m = /^(\d+(?:\.\d+)?)([mg])b?$/i.exec(s.trim())
  if (!m) return null
  const unit = m[2]!.toLowerCase()
  const bytes = Math.round(Number(m[1]) * 2 ** (unit === 'g' ? 30 : 20))
  if (bytes < 2 ** 20) throw new Error(`size "${s}" is too small for the big-file section\n${USAGE}`)
  return { bytes, label: `${Number(m[1])}${unit}` }
}

function parseSize(s: string): number {
  const m = /^(\d+)(k?)$/i.exec(s.trim())
  if (!m) throw new Error(`bad size "${s}"\n${USAGE}`)
  return Number(m[1]) * (m[2] ? 1000 : 1)
}

function parseSections(list: string): Section[] {
  return list.split(',').map((s) => {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}"\n${USAGE}`)
    return s as Section
  })
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    sections: new Set(SECTIONS),
    runs: 5,
    sizes: [1_000, 10_000, 100_000],
    big: { bytes: Math.round(1.2 * 2 ** 30), label: '1.2g' },
    build: true,
    profile: false,
    strict: false,
    headed: false,
    panelRequests: 100_000,
  }
  for (const a of argv) {
    const [name, value = ''] = a.split('=', 2) as [string, string?]
    if (name === '--only') args.sections = new Set(parseSections(value))
    else if (name === '--skip') for (const s of parseSections(value)) args.sections.delete(s)
    else if (name === '--runs') args.runs = Math.max(1, Number.parseInt(value, 10) || 5)
    else if (name === '--sizes') {
      const list = value.split(',')
      const bytes = list.map(parseBytes).filter((b): b is ByteSize => b !== null)
      if (bytes.length > 1)
        throw new Error(`one size in bytes at most, got ${bytes.map((b) => b.label)}\n${USAGE}`)
      if (bytes[0]) args.big = bytes[0]
      const entries = list.filter((x) => parseBytes(x) === null).map(parseSize)
      if (entries.length > 0) args.sizes = entries
    } else if (name === '--no-build') args.build = false
    else if (name === '--profile') args.profile = true
    else if (name === '--strict') args.strict = true
    else if (name === '--headed') args.headed = true
    else if (name === '--panel-requests')
      args.panelRequests = Math.max(100, Math.round((Number(value) || 100_000) / 10) * 10)
    else if (name === '--help' || name === '-h') {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    } else throw new Error(`unknown option "${a}"\n${USAGE}`)
  }
  return args
}
