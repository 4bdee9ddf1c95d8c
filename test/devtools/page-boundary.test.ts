import { describe, expect, it } from 'vitest'
import { pageStart } from '../../src/devtools/page-boundary'
import { entry } from '../helpers/har'

const T = Date.parse('2026-11-25T10:00:00.000Z')
const at = (ms: number, method: string, url: string, status = 200, redirectURL?: string) =>
  entry({ method, url, status, start: T + ms, ...(redirectURL ? { redirectURL } : {}) })

describe('when the new page began, read from a getHAR() that still lists the old page', () => {
  const oldPage = [at(0, 'GET', 'http://a.test/page1'), at(100, 'PATCH', 'http://a.test/api/a/1', 405)]

  it('the start of the new document request', () => {
    const log = [...oldPage, at(500, 'GET', 'http://a.test/page2'), at(700, 'GET', 'http://a.test/api/a/1')]
    expect(pageStart(log, 'http://a.test/page2#top', T + 650)).toBe(T + 500)
  })

  it('the first redirect that led to it (a form POST answered 303)', () => {
    const log = [
      ...oldPage,
      at(400, 'POST', 'http://a.test/form', 303, 'http://a.test/done'),
      at(450, 'GET', 'http://a.test/done'),
    ]
    expect(pageStart(log, 'http://a.test/done', T + 600)).toBe(T + 400)
  })

  it('a reload: the latest request for the URL, not the old page’s', () => {
    const log = [
      at(0, 'GET', 'http://a.test/page1'),
      at(100, 'POST', 'http://a.test/x', 405),
      at(900, 'GET', 'http://a.test/page1'),
    ]
    expect(pageStart(log, 'http://a.test/page1', T + 1000)).toBe(T + 900)
  })

  it('no document request listed (a pushState, which Chrome reports too): no boundary', () => {
    expect(pageStart(oldPage, 'http://a.test/some/spa/route', T + 650)).toBeNull()
    expect(pageStart([{ junk: true }, null], 'http://a.test/page2', T + 650)).toBeNull()
  })
})
