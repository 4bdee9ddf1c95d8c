/**
 * The Try the fix button, rendered into the fake DOM: in standalone mode it says why it cannot
 * run; where the page refuses eval it shows the reason and offers the fetch call to copy; a
 * verdict marks the finding. The devtools page's answers arrive on the tab's real BroadcastChannel.
 */
import { h, render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTranslator } from '../../src/core/i18n'
import en from '../../src/locales/en/ui.json'
import { type Env, EnvContext } from '../../src/panel/context'
import { TryFix } from '../../src/panel/detail/try-fix'
import type { PanelMode } from '../../src/panel/store'
import { tryFixLinkFor } from '../../src/panel/try-fix-link'
import type { DevtoolsToPanel, PanelToDevtools } from '../../src/shared/messages'
import { container, type FakeElement } from './fake-dom'

const tr = createTranslator('en', [en])
const TAB = 4242
let root: FakeElement
let copied: string[]
let sent: PanelToDevtools[]

function env(mode: PanelMode, tabId: number | null): Env {
  return {
    tr,
    lang: 'en',
    t: tr.msg,
    dispatch: vi.fn(),
    send: (m) => void sent.push(m),
    findings: vi.fn(async () => []),
    mode,
    tabId,
    narrow: false,
    pickFile: vi.fn(),
  }
}

const settle = () => new Promise<void>((r) => setTimeout(r, 20))
/** As the devtools page posts: on the tab's channel. */
async function devtoolsSays(m: DevtoolsToPanel): Promise<void> {
  const c = new BroadcastChannel(`method-doctor/tab/${TAB}`)
  c.postMessage(m)
  c.close()
  await act(settle)
}

const FETCH = 'const response = await fetch("http://127.0.0.1:1/api/items", {\n  method: "PUT",\n})'

async function show(mode: PanelMode, tabId: number | null, fid = 'f1'): Promise<void> {
  await act(async () => {
    render(
      h(EnvContext.Provider, { value: env(mode, tabId) }, h(TryFix, { fid, fetchCode: FETCH })),
      root as unknown as Element,
    )
    await settle()
  })
}

const button = () => root.findAll((el) => el.getAttribute('data-try-button') !== null)[0]!

beforeEach(() => {
  root = container()
  copied = []
  sent = []
  vi.stubGlobal('navigator', { clipboard: { writeText: async (text: string) => void copied.push(text) } })
})

afterEach(async () => {
  await act(() => {
    render(null, root as unknown as Element)
  })
  vi.unstubAllGlobals()
})

const view = {
  method: 'PUT',
  url: 'http://127.0.0.1:1/api/items',
  headers: [],
  credentials: 'same-origin' as const,
  unsafe: true,
  bodyAllowed: true,
  body: '',
  bodyFrom: 'none' as const,
  leftOut: [],
  otherPage: null,
}

/** Takes a finding's try to `sending`, as a confirmed dialog does, before the button is drawn. */
async function confirmed(fid: string): Promise<string> {
  const link = tryFixLinkFor(TAB, (m) => void sent.push(m))
  link.prepare(fid)
  const ask = sent.find((m) => m.type === 'panel/try-fix-prepare')
  if (ask?.type !== 'panel/try-fix-prepare') throw new Error('not asked')
  const token = `tok${fid}`
  await devtoolsSays({ type: 'devtools/try-fix-prepared', request: ask.request, findingId: fid, token, view })
  link.confirm(fid, '')
  return token
}

describe('Try the fix in the panel', () => {
  it('standalone (an imported HAR): the button is disabled and says why', async () => {
    await show('standalone', null)
    expect(button().getAttribute('disabled')).not.toBeNull()
    expect(root.textContent).toContain('Try the fix needs an inspected page')
    button().dispatch('click')
    expect(sent).toEqual([])
  })

  it('a page that refuses eval: the reason, and the fetch call to copy instead', async () => {
    const token = await confirmed('f2')
    await show('devtools', TAB, 'f2')
    expect(root.textContent).toContain('Sent; waiting for the answer')
    await devtoolsSays({
      type: 'devtools/try-fix-state',
      token,
      findingId: 'f2',
      state: { phase: 'cannot-run', reason: 'Inspector protocol error\u202e: privileged page' },
    })
    expect(root.textContent).toContain(
      'This page cannot run it (Inspector protocol error⟨U+202E⟩: privileged page)',
    )
    const copy = root.findAll(
      (el) => el.localName === 'button' && el.getAttribute('data-try-button') === null,
    )[0]!
    await act(async () => {
      copy.dispatch('click')
      await settle()
    })
    expect(copied).toEqual([FETCH])
  })

  it('a verdict marks the finding, in words', async () => {
    const token = await confirmed('f3')
    await show('devtools', TAB, 'f3')
    await devtoolsSays({
      type: 'devtools/try-fix-state',
      token,
      findingId: 'f3',
      state: {
        phase: 'done',
        verdict: { outcome: 'failing', method: 'PUT', status: 403, reason: 'answered' },
        answer: { status: 403, statusText: 'Forbidden', headers: [], body: '<b>no</b>' },
      },
    })
    const mark = root.findAll((el) => el.getAttribute('data-try-verdict') !== null)[0]!
    expect(mark.textContent).toBe('still failing — PUT → 403')
    expect(mark.getAttribute('data-try-verdict')).toBe('failing')
    // The server's answer is text, never markup.
    expect(root.findAll((el) => el.localName === 'b')).toEqual([])
    expect(root.textContent).toContain('<b>no</b>')
  })
})
