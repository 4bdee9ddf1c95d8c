/**
 * The three quoters against the real languages: whatever the string, bash, zsh, fish, JavaScript
 * and Python read back exactly that string, as one word or literal.
 */
import { spawnSync } from 'node:child_process'
import vm from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsString, pyString, shellQuote } from '../../src/core/quote'
import { MISSING_SHELLS, parsesAsPython, SHELLS, type Shell } from '../helpers/run-snippet'

const HOSTILE = [
  '',
  "'",
  "''\\''",
  '"',
  '\\',
  '\\\\\'"',
  '`id`',
  '$(touch pwned)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, as data.
  '${HOME}',
  '$HOME',
  "X$IFS'A.TK'|$0|X",
  '; touch pwned',
  '| sh',
  '& sh &',
  '*',
  '~',
  '~root',
  'a=b',
  '-X',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001b[2J',
  '\u007f\u0080\u009f\u00a0',
  '\u2028\u2029',
  '\u202e\u2066\u2069',
  '\u200b\ufeff',
  'é中😀',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ude00b',
  '\u{10ffff}\u{e0001}\u{f0000}',
  '\\N{BULLET}',
  '\\u0041\\x41\\101',
  '{x}',
  '"""\'\'\'',
  '</script><!--',
  '"); globalThis.pwned = 1; ("',
]

/** Values a shell argument can hold (no NUL) and that UTF-8 can carry (no lone surrogate). */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the check.
const RAW_HIDDEN = /[\u0000-\u001f\u007f-\u00a0\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]/
const argvSafe = (s: string): boolean => !s.includes('\0') && !LONE.test(s)

const SHELL_ARGV: Record<Shell, string[]> = {
  bash: ['/usr/bin/bash', '--noprofile', '--norc', '-c'],
  zsh: ['/usr/bin/zsh', '-f', '-c'],
  fish: ['/usr/bin/fish', '--no-config', '-c'],
}

/** What a shell passes to `printf` (a builtin in all three) for these words. */
function shellReads(shell: Shell, words: string[]): string[] {
  const script = `printf '%s\\0' ${words.join(' ')}\n`
  const [exe, ...flags] = SHELL_ARGV[shell]
  const r = spawnSync(exe!, [...flags, script], {
    env: { PATH: '/nonexistent', LANG: 'C.UTF-8', HOME: '/nonexistent' },
    encoding: 'utf8',
  })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout.split('\0').slice(0, -1)
}

/** Python evaluates each literal and compares it with the JSON-decoded value (lone surrogates kept). */
function pythonAgrees(values: string[], quote: (s: string) => string): number[] {
  const py = [
    'import ast, json, sys',
    'cases = json.loads(sys.stdin.read())',
    'bad = [i for i, (lit, v) in enumerate(cases) if type(ast.literal_eval(lit)) is not str or ast.literal_eval(lit) != v]',
    'print(json.dumps(bad))',
  ].join('\n')
  const r = spawnSync('python3', ['-c', py], {
    input: JSON.stringify(values.map((v) => [quote(v), v])),
    encoding: 'utf8',
  })
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as number[]
}

describe.each(SHELLS)('shellQuote in %s', (shell) => {
  it('reads every hostile value back as exactly one word, unchanged', () => {
    const values = HOSTILE.filter(argvSafe)
    expect(shellReads(shell, values.map(shellQuote))).toEqual(values)
  })

  it('property: any string without NUL (or lone surrogate) survives as one word', () => {
    // One shell for the whole sample: a spawn per case would be slow.
    const values = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }).filter(argvSafe), 2000)
    expect(shellReads(shell, values.map(shellQuote))).toEqual(values)
  })
})

describe('shellQuote', () => {
  it.skipIf(MISSING_SHELLS.length === 0)(
    `is also checked in zsh and fish where installed (missing here: ${MISSING_SHELLS.join(', ')})`,
    () => {},
  )

  it('leaves plain method names bare and quotes everything else, with no backslash inside single quotes', () => {
    expect(shellQuote('PUT')).toBe('PUT')
    expect(shellQuote('M-SEARCH')).toBe('M-SEARCH')
    expect(shellQuote("X$IFS'A.TK'|$0|X")).toBe(`'X$IFS'"'"'A.TK'"'"'|$0|X'`)
    expect(shellQuote('a\\')).toBe(`'a'"\\\\"`)
    expect(shellQuote('https://a.test/?a=1&b=2')).toBe("'https://a.test/?a=1&b=2'")
    expect(shellQuote('')).toBe("''")
    for (const s of ['*', '~', 'a=b', '$x', 'a b']) expect(shellQuote(s)).toMatch(/^'.*'$/)
    // Only single-quoted runs free of ' and \, "'", "\\" and bare words: nothing fish reads otherwise.
    const pieces = /^(?:'[^'\\]*'|"'"|"\\\\"|[A-Za-z0-9_-]+)+$/
    for (const v of HOSTILE) expect(shellQuote(v)).toMatch(pieces)
  })

  it.runIf(SHELLS.includes('fish'))(
    "the bug this guards against: POSIX '\\'' quoting is broken open by fish, where \\' and \\\\ escape inside single quotes",
    () => {
      const posix = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
      // Two values from a hostile page, as curl's -H words: in fish the second runs `echo`.
      const words = [posix('Content-Type: a\\'), posix('Accept: ;echo pwned;x\\')]
      const r = spawnSync('/usr/bin/fish', ['--no-config', '-c', `printf '[%s]' ${words.join(' ')}`], {
        env: { PATH: '/nonexistent', HOME: '/nonexistent' },
        encoding: 'utf8',
      })
      // echo ran: "pwned" on a line of its own, outside printf's brackets.
      expect(r.stdout).toMatch(/\]pwned\n/)
      const safe = [shellQuote('Content-Type: a\\'), shellQuote('Accept: ;echo pwned;x\\')]
      expect(shellReads('fish', safe)).toEqual(['Content-Type: a\\', 'Accept: ;echo pwned;x\\'])
    },
  )
})

describe('jsString', () => {
  it('JavaScript evaluates every hostile value back to itself, lone surrogates included', () => {
    for (const v of HOSTILE) expect(vm.runInNewContext(jsString(v))).toBe(v)
  })

  it('writes no line terminator, control, bidi or invisible character raw', () => {
    for (const v of HOSTILE) {
      expect(jsString(v)).not.toMatch(RAW_HIDDEN)
      expect(jsString(v)).not.toMatch(LONE)
    }
  })

  it('property: any string round-trips', () => {
    const context = vm.createContext({})
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => {
        expect(vm.runInContext(jsString(v), context)).toBe(v)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('pyString', () => {
  it('Python evaluates every hostile value back to itself (its own escapes, not JSON)', () => {
    expect(pythonAgrees(HOSTILE, pyString)).toEqual([])
  })

  it('is valid Python where JSON text is not the same value: \\u2028 raw, \\x, astral escapes', () => {
    expect(pyString('\u2028')).toBe('"\\u2028"')
    expect(pyString('\u0000')).toBe('"\\x00"')
    expect(pyString('\u{e0001}')).toBe('"\\U000e0001"')
    expect(pyString('😀')).toBe('"😀"')
    expect(parsesAsPython(`x = ${pyString(HOSTILE.join(''))}\n`)).toBe(true)
  })

  it('property: any string round-trips through Python', () => {
    const values = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), 3000)
    expect(pythonAgrees(values, pyString)).toEqual([])
  })
})
