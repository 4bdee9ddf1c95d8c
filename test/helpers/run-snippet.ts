/**
 * Runs a corrected call the way a user would paste it, against stand-ins that record what it did:
 * curl in bash, zsh or fish (a `curl` on PATH that writes its argv), fetch in a VM context with a recording
 * `fetch`, httpx in python3 with a recording `httpx` module. Anything else the code starts is
 * caught by canaries (decoy commands first on PATH, files appearing in the work folder).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import vm from 'node:vm'

/** What a call sent: method, URL and headers as [name, value] in order. */
export interface SentCall {
  method: string
  url: string
  headers: [string, string][]
}

export interface CurlRun {
  /** argv of each curl call, in order. */
  calls: string[][]
  /** Decoy commands that ran (their name and argv). */
  decoys: string[][]
  /** Files that appeared in the work folder besides the snippet itself. */
  created: string[]
  stderr: string
  status: number | null
}

const BASH = '/usr/bin/bash'

/** The shells a curl snippet is pasted into, each run without any startup file. */
const SHELL_ARGV = {
  bash: ['/usr/bin/bash', '--noprofile', '--norc'],
  zsh: ['/usr/bin/zsh', '-f'],
  fish: ['/usr/bin/fish', '--no-config'],
} as const
export type Shell = keyof typeof SHELL_ARGV

/** The shells installed here (.ci/run installs all three). */
export const SHELLS = (Object.keys(SHELL_ARGV) as Shell[]).filter((s) => existsSync(SHELL_ARGV[s][0]))
export const MISSING_SHELLS = (Object.keys(SHELL_ARGV) as Shell[]).filter((s) => !SHELLS.includes(s))
const DECOYS = [
  'touch',
  'sh',
  'bash',
  'dash',
  'zsh',
  'id',
  'wget',
  'nc',
  'cat',
  'rm',
  'python',
  'python3',
  'node',
  'perl',
  'eval',
  'X',
  'x',
  'a',
  'env',
  'echo',
  'printf',
  'sleep',
  'whoami',
  'true',
]

function stub(path: string, dir: string, name: string): void {
  // Each call gets its own numbered file: argv NUL-separated, read back exactly.
  writeFileSync(
    path,
    // noclobber makes taking a number atomic: commands in a pipeline run at the same time.
    `#!${BASH}\nset -C\nn=0\nuntil { : > "${dir}/$n"; } 2>/dev/null; do n=$((n+1)); done\nprintf '%s\\0' ${JSON.stringify(name)} "$@" >| "${dir}/$n"\n`,
  )
  chmodSync(path, 0o755)
}

function readCalls(dir: string): string[][] {
  return readdirSync(dir)
    .map(Number)
    .sort((a, b) => a - b)
    .map((n) =>
      readFileSync(join(dir, String(n)), 'utf8')
        .split('\0')
        .slice(0, -1),
    )
}

/** Runs a curl snippet in a shell (bash by default) with no startup files, a controlled PATH and environment. */
export function runCurl(code: string, shell: Shell = 'bash'): CurlRun {
  const root = mkdtempSync(join(tmpdir(), 'md-curl-'))
  try {
    const bin = join(root, 'bin')
    const work = join(root, 'work')
    // fish may keep state under HOME: outside the work folder, where created files are counted.
    const home = join(root, 'home')
    const curlCalls = join(root, 'curl-calls')
    const decoyCalls = join(root, 'decoy-calls')
    for (const d of [bin, work, home, curlCalls, decoyCalls]) mkdirSync(d)
    stub(join(bin, 'curl'), curlCalls, 'curl')
    for (const name of DECOYS) stub(join(bin, name), decoyCalls, name)
    writeFileSync(join(work, 'snippet.sh'), `${code}\n`)
    const [exe, ...flags] = SHELL_ARGV[shell]
    const r = spawnSync(exe, [...flags, 'snippet.sh'], {
      cwd: work,
      env: { PATH: bin, HOME: home, IFS: ' \t\n', LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 10_000,
    })
    return {
      calls: readCalls(curlCalls).map((argv) => argv.slice(1)),
      decoys: readCalls(decoyCalls),
      created: readdirSync(work).filter((f) => f !== 'snippet.sh'),
      stderr: r.stderr,
      status: r.status,
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** curl options in our snippets that take the next argument as their value. */
const CURL_VALUE_OPTIONS = new Set(['-X', '--request', '-H', '--header', '-d', '--data'])

/**
 * Whether curl would treat `{`, `}`, `[` or `]` in this argv's URL as a glob and send several
 * requests: it does unless `-g`/`--globoff` comes before the URL. Read as curl reads its argv.
 */
export function curlGlobs(argv: string[]): boolean {
  let globoff = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (CURL_VALUE_OPTIONS.has(a)) i++
    else if (a === '-g' || a === '--globoff') globoff = true
    else if (!a.startsWith('-')) return !globoff && /[[\]{}]/.test(a)
  }
  return false
}

/** The argv a corrected curl call should have: globbing off when the URL holds `{}[]`. */
export function curlArgv(c: SentCall, withBody: boolean): string[] {
  return [
    ...(/[[\]{}]/.test(c.url) ? ['--globoff'] : []),
    ...(c.method === 'GET' ? [] : c.method === 'HEAD' ? ['--head'] : ['-X', c.method]),
    c.url,
    ...c.headers.flatMap(([n, v]) => ['-H', `${n}: ${v}`]),
    ...(withBody ? ['--data', '@body.json'] : []),
  ]
}

/** Parses a fetch snippet as the body of an async function, then runs it with a recording fetch. */
export async function runFetch(code: string): Promise<{ calls: SentCall[]; leaked: string[] }> {
  // Throws a SyntaxError when the snippet is not JavaScript.
  new vm.Script(`(async () => {\n${code}\n})`)
  const calls: SentCall[] = []
  const context = vm.createContext({
    data: { x: 1 },
    fetch: (url: unknown, init: { method?: unknown; headers?: Record<string, unknown> } = {}) => {
      calls.push({
        method: String(init.method),
        url: String(url),
        headers: Object.entries(init.headers ?? {}).map(([n, v]) => [n, String(v)]),
      })
      return Promise.resolve({ ok: true })
    },
  })
  const before = new Set(Object.keys(context))
  await (vm.runInContext(`(async () => {\n${code}\n})()`, context, { timeout: 5000 }) as Promise<unknown>)
  // A value that broke out of its string would have to assign or call something to matter.
  const leaked = Object.keys(context).filter((k) => !before.has(k))
  return { calls, leaked }
}

let python: string | undefined

function pythonPath(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
  return python
}

/** True when `code` parses as Python 3 (`ast.parse`). */
export function parsesAsPython(code: string): boolean {
  const r = spawnSync(pythonPath(), ['-I', '-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {
    input: code,
    encoding: 'utf8',
  })
  return r.status === 0
}

/**
 * A recording `httpx` with real httpx's signatures (0.28): get/head/options/delete take no body,
 * post/put/patch and request do; everything after the URL is keyword-only. A call real httpx
 * would refuse with a TypeError fails here the same way.
 */
const FAKE_HTTPX = `
import json as _json, os
_T = object()
def _record(method, url, args):
    defaults = {'follow_redirects': False, 'verify': True, 'trust_env': True, 'timeout': _T}
    passed = sorted(k for k, v in args.items() if v is not defaults.get(k))
    with open(os.environ['MD_CALLS'], 'a', encoding='utf-8') as f:
        f.write(_json.dumps({'method': method, 'url': url,
            'headers': [[k, v] for k, v in (args.get('headers') or {}).items()],
            'json': 'json' in passed, 'content': 'content' in passed,
            'rest': [k for k in passed if k not in ('headers', 'json', 'content')]}) + '\\n')
    return object()
def request(method, url, *, params=None, content=None, data=None, files=None, json=None, headers=None, cookies=None, auth=None, proxy=None, timeout=_T, follow_redirects=False, verify=True, trust_env=True):
    a = dict(locals()); del a['method'], a['url']; return _record(method, url, a)
def get(url, *, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('GET', url, a)
def options(url, *, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('OPTIONS', url, a)
def head(url, *, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('HEAD', url, a)
def delete(url, *, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('DELETE', url, a)
def post(url, *, content=None, data=None, files=None, json=None, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('POST', url, a)
def put(url, *, content=None, data=None, files=None, json=None, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('PUT', url, a)
def patch(url, *, content=None, data=None, files=None, json=None, params=None, headers=None, cookies=None, auth=None, proxy=None, follow_redirects=False, verify=True, timeout=_T, trust_env=True):
    a = dict(locals()); del a['url']; return _record('PATCH', url, a)
`

const RUNNER = `
import sys
sys.path.insert(0, sys.argv[1])
import builtins, subprocess, os
def _no(*a, **k): raise SystemExit('snippet ran something: %r' % (a,))
os.system = subprocess.run = subprocess.Popen = subprocess.call = _no
src = open(sys.argv[2], encoding='utf-8').read()
exec(compile(src, 'snippet.py', 'exec'), {'__name__': '__main__', 'data': {'x': 1}})
`

export interface HttpxCall extends SentCall {
  json: boolean
  content: boolean
  rest: string[]
}

/** Runs an httpx snippet in python3 with a recording `httpx` module first on the path. */
export function runHttpx(code: string): { calls: HttpxCall[]; created: string[]; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'md-httpx-'))
  try {
    const lib = join(root, 'lib')
    const work = join(root, 'work')
    mkdirSync(lib)
    mkdirSync(work)
    writeFileSync(join(lib, 'httpx.py'), FAKE_HTTPX)
    writeFileSync(join(root, 'runner.py'), RUNNER)
    writeFileSync(join(work, 'snippet.py'), code)
    const calls = join(root, 'calls.jsonl')
    const r = spawnSync(pythonPath(), ['-I', join(root, 'runner.py'), lib, 'snippet.py'], {
      cwd: work,
      env: { MD_CALLS: calls, PATH: join(root, 'nothing'), HOME: work },
      encoding: 'utf8',
      timeout: 10_000,
    })
    if (r.status !== 0) throw new Error(`httpx snippet failed: ${r.stderr}`)
    let text = ''
    try {
      text = readFileSync(calls, 'utf8')
    } catch {}
    return {
      calls: text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as HttpxCall),
      created: readdirSync(work).filter((f) => f !== 'snippet.py'),
      stderr: r.stderr,
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const FENCE_LANG: Readonly<Record<string, string>> = { sh: 'curl', js: 'fetch', python: 'httpx' }

/** The fenced code blocks of a Markdown report, each with the `### ` heading it sits under. */
export function markdownSnippets(md: string): { lang: string; code: string; heading: string }[] {
  const out: { lang: string; code: string; heading: string }[] = []
  for (const section of md.split(/^### /m).slice(1)) {
    const heading = section.split('\n', 1)[0]!
    // A fence is closed only by the same run of backticks (markdown.ts makes it longer than any inside).
    for (const m of section.matchAll(/^(`{3,})(sh|js|python)\n([\s\S]*?)\n\1$/gm))
      out.push({ lang: FENCE_LANG[m[2]!]!, code: m[3]!, heading })
  }
  return out
}
