import { type Lang, pickLang } from '../core/i18n'
import type { ProbeMode } from '../core/probe/ladder'
import type { Severity } from '../core/types'
import { allowedOrigin } from '../node/node-probe'

export type Format = 'text' | 'json' | 'markdown' | 'junit'

export interface CliArgs {
  command: 'analyze' | 'help' | 'version' | 'mcp'
  files: string[]
  format: Format
  probe: ProbeMode | null
  /** Origins the user allows probes to besides the capture's own pages' sites (`--probe-allow`). */
  probeAllow: string[]
  openapi: string | null
  failOn: Severity | 'never'
  lang: Lang
  includeSecrets: boolean
  color: boolean | null
}

/** A bad command line; `id` names a more precise message than "unknown or incomplete option". */
export class ArgError extends Error {
  constructor(
    option: string,
    readonly id = 'cli_err_option',
    readonly params: Record<string, string> = { option },
  ) {
    super(option)
  }
}

/** `--probe-allow`: the origin it names, or an ArgError saying why not (rules in `allowedOrigin`). */
export function parseProbeAllow(value: string): string {
  const r = allowedOrigin(value)
  if ('origin' in r) return r.origin
  const id = r.refused === 'forbidden' ? 'cli_err_probe_allow_forbidden' : 'cli_err_probe_allow'
  throw new ArgError(`--probe-allow ${value}`, id, { value })
}

const FORMATS: readonly Format[] = ['text', 'json', 'markdown', 'junit']
const FAIL_ON = ['error', 'warning', 'info', 'never'] as const

/**
 * The language to report an argument error in, before the arguments parse: `--lang vi` (or
 * `--lang=vi`) wherever it stands, else the environment's.
 */
export function errorLang(argv: readonly string[], envLang: string | undefined): Lang {
  let lang = pickLang(envLang)
  argv.forEach((a, i) => {
    const l = a.startsWith('--lang=') ? a.slice('--lang='.length) : a === '--lang' ? argv[i + 1] : undefined
    if (l === 'en' || l === 'vi') lang = l
  })
  return lang
}

export function parseArgs(argv: readonly string[], envLang: string | undefined): CliArgs {
  const args: CliArgs = {
    command: 'analyze',
    files: [],
    format: 'text',
    probe: null,
    probeAllow: [],
    openapi: null,
    failOn: 'error',
    lang: pickLang(envLang),
    includeSecrets: false,
    color: null,
  }
  const rest = [...argv]
  const first = rest[0]
  if (first === undefined || first === 'help' || first === '--help' || first === '-h')
    return { ...args, command: 'help' }
  if (first === '--version' || first === '-v' || first === 'version') return { ...args, command: 'version' }
  if (first === 'analyze') rest.shift()
  // `mcp`: the MCP server over stdio; only the probe origins are set when it starts.
  if (first === 'mcp') return parseMcpArgs(rest.slice(1), args)
  const value = (opt: string): string => {
    const v = rest.shift()
    if (v === undefined || (v.startsWith('--') && v !== '-')) throw new ArgError(opt)
    return v
  }
  while (rest.length > 0) {
    const a = rest.shift()!
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined]
    switch (name) {
      case '--json':
        args.format = 'json'
        break
      case '--format': {
        const f = inline ?? value(a)
        if (!FORMATS.includes(f as Format)) throw new ArgError(`${a} ${f}`)
        args.format = f as Format
        break
      }
      case '--probe':
        if (inline !== undefined && inline !== 'options' && inline !== 'full') throw new ArgError(a)
        args.probe = inline === 'options' ? 'options' : 'full'
        break
      case '--probe-allow':
        args.probeAllow.push(parseProbeAllow(inline ?? value(a)))
        break
      case '--openapi':
        args.openapi = inline ?? value(a)
        break
      case '--fail-on': {
        const f = inline ?? value(a)
        if (!(FAIL_ON as readonly string[]).includes(f)) throw new ArgError(`${a} ${f}`)
        args.failOn = f as CliArgs['failOn']
        break
      }
      case '--lang': {
        const l = inline ?? value(a)
        if (l !== 'en' && l !== 'vi') throw new ArgError(`${a} ${l}`)
        args.lang = l
        break
      }
      case '--include-secrets':
        args.includeSecrets = true
        break
      case '--color':
        args.color = true
        break
      case '--no-color':
        args.color = false
        break
      default:
        if (a.startsWith('-') && a !== '-') throw new ArgError(a)
        args.files.push(a)
    }
  }
  return args
}

/** `method-doctor mcp [--probe-allow <origin>]…`: every other option is a tool argument instead. */
function parseMcpArgs(rest: string[], args: CliArgs): CliArgs {
  const out: CliArgs = { ...args, command: 'mcp', probeAllow: [] }
  while (rest.length > 0) {
    const a = rest.shift()!
    const inline = a.startsWith('--probe-allow=') ? a.slice('--probe-allow='.length) : undefined
    if (a !== '--probe-allow' && inline === undefined) throw new ArgError(a)
    const v = inline ?? rest.shift()
    if (v === undefined || v.startsWith('--')) throw new ArgError(a)
    out.probeAllow.push(parseProbeAllow(v))
  }
  return out
}
