/**
 * Vietnamese that reads as a Vietnamese developer writes it: the glossary's terms (vi-glossary.json,
 * next to this file) hold in every string of src/locales/vi, and code is never translated.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergedMessages } from '../helpers/locales'
import { codeProblems, codeWords, type Glossary, termProblems } from './vi-terms'

const en = mergedMessages('en')
const vi = mergedMessages('vi')
const glossary = JSON.parse(readFileSync(join(import.meta.dirname, 'vi-glossary.json'), 'utf8')) as Glossary

describe('the checks catch what they are for (planted strings)', () => {
  it('flags "an toàn" for CORS-safelisted, "chuyển hướng" for navigate, "động từ", "thân", "kết quả"', () => {
    const bad: [string, string][] = [
      [
        '{method} is not a CORS-safelisted method, so the browser had to send a preflight first.',
        '{method} không thuộc nhóm phương thức an toàn của CORS, nên trình duyệt phải gửi preflight trước.',
      ],
      [
        'Keep findings when the page navigates or reloads',
        'Giữ các phát hiện khi trang chuyển hướng hoặc tải lại',
      ],
      ['or the matching verb', 'hoặc động từ tương ứng'],
      ['The response body says “{text}”', 'Thân phản hồi ghi “{text}”'],
      ['Findings ({count})', 'Kết quả ({count})'],
      ['Allowed methods: unknown.', 'Các phương thức được phép: chưa biết.'],
      ['Check the API base URL.', 'Kiểm tra URL gốc của API.'],
    ]
    for (const [e, v] of bad) expect(termProblems(glossary, e, v), v).not.toEqual([])
    // The same sentences written right pass.
    expect(
      termProblems(
        glossary,
        bad[0]![0],
        '{method} không phải phương thức CORS-safelisted, nên trình duyệt phải gửi preflight trước.',
      ),
    ).toEqual([])
    expect(
      termProblems(
        glossary,
        'Verdict: the path does not exist (safe methods get 404 too)',
        'phương thức an toàn',
      ),
    ).toEqual([])
  })

  it('flags an identifier translated inside code, and passes the code kept', () => {
    const e = 'Hono: add app.post/app.put/... for the path, or app.on([...methods], path, handler).'
    expect(
      codeProblems(
        e,
        'Hono: thêm app.post/app.put/... cho đường dẫn, hoặc app.on([...phương thức], path, handler).',
      ),
    ).toEqual([
      'code "app.on([...methods]" is missing or changed',
      '"app.on([...phương" looks like code the English does not have',
      '"thức]" looks like code the English does not have',
    ])
    expect(
      codeProblems(
        e,
        'Hono: thêm app.post/app.put/... cho đường dẫn, hoặc app.on([...methods], path, handler).',
      ),
    ).toEqual([])
    // A metavariable names what the reader fills in, in the reader's language.
    expect(codeWords("-H 'Origin: <page origin>'")).toEqual(codeWords("-H 'Origin: <origin của trang>'"))
    expect(codeProblems('http_method_names', 'tên_phương_thức_http')).not.toEqual([])
  })
})

describe('every Vietnamese string', () => {
  it('uses the glossary terms', () => {
    const problems = Object.keys(en).flatMap((id) =>
      termProblems(glossary, en[id]!.message, vi[id]?.message ?? '').map((p) => `${id}: ${p}`),
    )
    expect(problems).toEqual([])
  })

  it('keeps every code word of the English as it is, and adds none', () => {
    const problems = Object.keys(en)
      .filter((id) => !Object.hasOwn(glossary.codeExempt, id))
      .flatMap((id) => codeProblems(en[id]!.message, vi[id]?.message ?? '').map((p) => `${id}: ${p}`))
    expect(problems).toEqual([])
  })

  it('reads alike where panel and reports say the same thing', () => {
    for (const { keys, why } of glossary.same) {
      const texts = new Set(keys.map((k) => vi[k]?.message.toLocaleLowerCase('vi')))
      expect(texts.size, `${keys.join(', ')}: ${why}`).toBe(1)
    }
  })

  it('names only keys that exist (the glossary does not go stale)', () => {
    for (const id of [...glossary.same.flatMap((s) => s.keys), ...Object.keys(glossary.codeExempt)])
      expect(en[id], id).toBeDefined()
  })
})
