// The real-traffic suite: HARs recorded from real framework stacks on loopback (test/fixtures/real/
// stacks, see its README) and HARs others recorded on real sites (test/fixtures/real/public). A
// loud finding (error or warning) must be one a person judged real: each is written down with why
// in test/fixtures/real/expected-loud.json. Every false alarm found later becomes a fixture here.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import type { Finding } from '../../src/core/types'

const ROOT = join(import.meta.dirname, '../fixtures/real')
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'expected-loud.json'), 'utf8')) as Record<
  string,
  { finding: string; why: string }[]
>
const FILES = ['stacks', 'public'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.har'))
    .map((f) => `${dir}/${f}`),
)
const analyse = (file: string): Finding[] => analyzeHar(JSON.parse(readFileSync(join(ROOT, file), 'utf8')))
const line = (f: Finding): string => {
  const u = new URL(f.request.url)
  return `${f.severity} ${f.kind} ${f.request.method} ${u.host}${u.pathname}`
}

describe('real traffic', () => {
  it('has the recorded stacks and the public captures', () => {
    expect(FILES.filter((f) => f.startsWith('stacks/')).length).toBeGreaterThanOrEqual(10)
    expect(FILES.filter((f) => f.startsWith('public/')).length).toBeGreaterThanOrEqual(30)
  })

  it('every judged finding names a fixture that exists, with the reason written down', () => {
    for (const [file, list] of Object.entries(EXPECTED)) {
      expect(FILES, file).toContain(file)
      for (const e of list) expect(e.why.length, e.finding).toBeGreaterThan(20)
    }
  })

  it.each(FILES)('%s: no loud finding but those a person judged real', (file) => {
    const loud = analyse(file)
      .filter((f) => f.severity !== 'info')
      .map(line)
      .sort()
    expect(loud).toEqual((EXPECTED[file] ?? []).map((e) => e.finding).sort())
  })

  it.each(FILES.filter((f) => f.startsWith('stacks/')))(
    '%s: sign-in and form Post/Redirect/Get stay informational',
    (file) => {
      const prg = analyse(file).filter((f) => f.kind === 'post-redirect-get')
      expect(prg.length, 'a sign-in or form flow was recorded').toBeGreaterThan(0)
      expect(prg.every((f) => f.severity === 'info')).toBe(true)
    },
  )
})
