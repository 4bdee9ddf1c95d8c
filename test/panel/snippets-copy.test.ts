/**
 * The panel's snippet tabs and their Copy button, rendered into the fake DOM: what lands on the
 * clipboard for a hostile finding is the code the engine built, and it runs as exactly the
 * intended call (curl in bash, zsh and fish with a stand-in curl, fetch in a VM, httpx in python3).
 */
import { h, render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { createTranslator } from '../../src/core/i18n'
import en from '../../src/locales/en/ui.json'
import { type Env, EnvContext } from '../../src/panel/context'
import { Snippets } from '../../src/panel/detail/snippets'
import { entry, har } from '../helpers/har'
import {
  curlArgv,
  curlGlobs,
  runCurl,
  runFetch,
  runHttpx,
  type SentCall,
  SHELLS,
} from '../helpers/run-snippet'
import { container, type FakeElement } from './fake-dom'

vi.setConfig({ testTimeout: 60_000 })

const tr = createTranslator('en', [en])
let root: FakeElement
let copied: string[]

function env(): Env {
  return {
    tr,
    lang: 'en',
    t: tr.msg,
    dispatch: vi.fn(),
    send: vi.fn(),
    findings: vi.fn(async () => []),
    mode: 'devtools',
    tabId: 7,
    narrow: false,
    pickFile: vi.fn(),
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

beforeEach(() => {
  root = container()
  copied = []
  vi.stubGlobal('navigator', {
    clipboard: { writeText: async (text: string) => void copied.push(text) },
  })
})

afterEach(async () => {
  await act(() => {
    render(null, root as unknown as Element)
  })
  vi.unstubAllGlobals()
})

const ACCEPT = `a'b"c \`touch pwned\` $(touch pwned) \${HOME}; | & \\ é`
/** Invisible and bidi characters: fetch and httpx carry them escaped, curl leaves the header out. */
const REQUESTED = 'XMLHttp\u200bRequest\u202e\u2028'
const URL_ = "https://api.test/c0z/'$(touch%20pwned)|x/[1-3]?q=%60id%60&h={a,b}"

describe('Snippets: the Copy button', () => {
  it('copies, for each tab, the exact code the engine built, and that code runs as the intended call', async () => {
    const [f] = analyzeHar(
      har([
        entry({
          method: 'POST',
          url: URL_,
          status: 405,
          headers: { Allow: "GET, X$IFS'A.TK'|$0|X, PUT" },
          requestHeaders: {
            Accept: ACCEPT,
            Authorization: 'Bearer bearer-secret-0',
            'X-Requested-With': REQUESTED,
          },
        }),
      ]),
    )
    expect(f!.snippets).toHaveLength(3)
    await act(async () => {
      render(
        h(EnvContext.Provider, { value: env() }, h(Snippets, { snippets: f!.snippets, fid: f!.id })),
        root as unknown as Element,
      )
      await flush()
    })
    const tabs = root.findAll((el) => el.getAttribute('role') === 'tab')
    expect(tabs.map((t) => t.textContent)).toEqual(['curl', 'fetch', 'httpx'])
    for (const [i, tab] of tabs.entries()) {
      await act(async () => {
        tab.dispatch('click')
        await flush()
      })
      const copy = root.findAll((el) => el.localName === 'button' && el.getAttribute('role') !== 'tab')[0]!
      await act(async () => {
        copy.dispatch('click')
        await flush()
      })
      expect(copied[i]).toBe(f!.snippets[i]!.code)
    }
    const want: SentCall = {
      method: 'PUT',
      url: new URL(URL_).href,
      headers: [
        ['Accept', ACCEPT],
        ['Authorization', 'REDACTED'],
        ['X-Requested-With', REQUESTED],
      ],
    }
    const [curl, fetchCode, httpx] = copied as [string, string, string]
    expect(curl).not.toContain('bearer-secret-0')
    expect(curl).toContain('# Left out: X-Requested-With (')
    expect(curl).not.toMatch(/[\p{Cf}\p{Zl}]/u)
    const wantCurl = { ...want, headers: want.headers.slice(0, 2) }
    for (const shell of SHELLS) {
      const run = runCurl(curl, shell)
      expect([run.decoys, run.created, run.calls], shell).toEqual([[], [], [curlArgv(wantCurl, true)]])
      expect(curlGlobs(run.calls[0]!), shell).toBe(false)
    }
    expect(await runFetch(fetchCode)).toEqual({ calls: [want], leaked: [] })
    expect(runHttpx(httpx).calls.map((c) => [c.method, c.url, c.headers])).toEqual([
      [want.method, want.url, want.headers],
    ])
  })
})
