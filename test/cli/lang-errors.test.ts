/** An argument error is said in the language asked for, even when another argument is the wrong one. */
import { describe, expect, it } from 'vitest'
import { errorLang } from '../../src/cli/args'
import { runCli, runCliWith } from '../helpers/cli'

describe('argument errors in the asked language', () => {
  it('--lang vi anywhere on the line, or LANG, decides', async () => {
    const vi = await runCli('analyze', 'x.har', '--lang', 'vi', '--format', 'xml')
    expect(vi.code).toBe(2)
    expect(vi.err).toContain('tùy chọn không rõ hoặc thiếu giá trị: --format xml')
    expect(vi.err).toContain('Cách dùng: method-doctor analyze')
    const before = await runCli('analyze', '--bogus', '--lang=vi')
    expect(before.err).toContain('tùy chọn không rõ')
    const env = await runCliWith({ env: { LANG: 'vi_VN.UTF-8' } }, 'analyze', '--bogus')
    expect(env.err).toContain('tùy chọn không rõ')
    const en = await runCli('analyze', '--bogus')
    expect(en.err).toContain('unknown or incomplete option: --bogus')
  })

  it('reads --lang only with a language it knows', () => {
    expect(errorLang(['--lang', 'vi'], undefined)).toBe('vi')
    expect(errorLang(['--lang=vi'], 'en_US')).toBe('vi')
    expect(errorLang(['--lang', 'fr'], 'vi')).toBe('vi')
    expect(errorLang(['--lang'], undefined)).toBe('en')
    expect(errorLang(['x.har', 'vi'], undefined)).toBe('en')
  })
})
