import { describe, expect, it } from 'vitest'
import { CARRY_WINDOW_MS, newPageEntries, pruneRecent, recentEntry } from '../../src/devtools/carry-over'
import { entry } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
const T = Date.parse('2026-11-25T10:00:00.000Z')

const at = (received: number, spec: Parameters<typeof entry>[0]) => {
  const r = recentEntry(entry(spec), received)
  if (!r) throw new Error('unusable entry')
  return r
}
const urls = (entries: { entry: unknown }[]) =>
  entries.map(({ entry: e }) => {
    const x = e as { request: { method: string; url: string } }
    return `${x.request.method} ${x.request.url}`
  })

describe('entries kept across a late navigation event', () => {
  it('keeps the new document and what started after it, not the old page', () => {
    const recent = [
      at(100, { method: 'GET', url: `${O}/old.js`, status: 200, start: T }),
      at(200, { method: 'POST', url: `${O}/form`, status: 405, start: T + 100 }),
      at(210, { method: 'GET', url: `${O}/favicon.ico`, status: 204, start: T + 150 }),
    ]
    expect(urls(newPageEntries(recent, `${O}/form#top`, 250))).toEqual([
      `POST ${O}/form`,
      `GET ${O}/favicon.ico`,
    ])
  })

  it('keeps the redirects that led to the document (a POST turned into a GET by a 303)', () => {
    const recent = [
      at(100, { method: 'GET', url: `${O}/before`, status: 200, start: T - 50 }),
      at(150, {
        method: 'POST',
        url: `${O}/checkout`,
        status: 303,
        redirectURL: '/done',
        headers: { Location: '/done' },
        start: T,
      }),
      at(160, { method: 'GET', url: `${O}/done`, status: 405, start: T + 20 }),
    ]
    expect(urls(newPageEntries(recent, `${O}/done`, 200))).toEqual([`POST ${O}/checkout`, `GET ${O}/done`])
  })

  it('keeps nothing when the document is not among the recent events (the usual order)', () => {
    const recent = [at(100, { method: 'GET', url: `${O}/a`, status: 200, start: T })]
    expect(newPageEntries(recent, `${O}/b`, 150)).toEqual([])
  })

  it('a reload of the same URL does not bring the old page back', () => {
    const recent = [at(100, { method: 'GET', url: `${O}/a`, status: 200, start: T })]
    expect(newPageEntries(recent, `${O}/a`, 100 + CARRY_WINDOW_MS + 1)).toEqual([])
  })

  it('stays bounded and ignores entries it cannot read', () => {
    expect(recentEntry({ request: { method: 'GET' } }, 0)).toBeNull()
    expect(recentEntry(entry({ method: 'GET', url: `${O}/`, status: 200 }), 0)).not.toBeNull()
    const many = Array.from({ length: 1000 }, (_, i) =>
      at(i, { method: 'GET', url: `${O}/${i}`, status: 200, start: T + i }),
    )
    expect(pruneRecent(many, 999).length).toBeLessThanOrEqual(200)
    expect(pruneRecent(many, 999 + CARRY_WINDOW_MS + 1)).toEqual([])
  })
})
