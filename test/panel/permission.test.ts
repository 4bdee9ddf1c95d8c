/**
 * The probe permission controls: "Allow probing" (Permission: host access, and for an origin other
 * than the inspected site the approval of that pair), "Stop" (StopProbing) and "Revoke" (RevokeAccess).
 * End-to-end tests never see Revoke (every test origin is granted by the manifest), so these
 * render the components into a minimal fake DOM with the platform's permission calls stubbed.
 */
import { type ComponentChild, h, render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTranslator } from '../../src/core/i18n'
import en from '../../src/locales/en/ui.json'
import { type Env, EnvContext } from '../../src/panel/context'
import { Permission, RevokeAccess, StopProbing } from '../../src/panel/detail/permission'
import { originPattern } from '../../src/panel/view-model'
import type { PanelToDevtools } from '../../src/shared/messages'
import { pairKey, parsePairs } from '../../src/shared/origin-pairs'
import { APPROVALS_KEY } from '../../src/shared/probe-approvals'
import { container, type FakeElement } from './fake-dom'

/** Stubs for src/panel/platform; `gesture` is true only while a click's listeners run. */
const platform = vi.hoisted(() => {
  const state = { gesture: false, requestedInGesture: [] as boolean[] }
  const stored = new Map<string, string>()
  return {
    state,
    stored,
    storageGet: vi.fn(async (key: string) => stored.get(key)),
    storageSet: vi.fn(async (key: string, value: string) => void stored.set(key, value)),
    canQueryPermissions: vi.fn(() => true),
    canRequestPermissions: vi.fn(() => true),
    hasOrigins: vi.fn((_origins: string[]) => Promise.resolve(false)),
    removeOrigins: vi.fn((_origins: string[]) => Promise.resolve(false)),
    requestOrigins: vi.fn((_origins: string[]): Promise<boolean> => {
      state.requestedInGesture.push(state.gesture)
      return Promise.resolve(false)
    }),
    openTab: vi.fn((_url: string) => {}),
  }
})

vi.mock('../../src/panel/platform', () => ({
  canQueryPermissions: platform.canQueryPermissions,
  canRequestPermissions: platform.canRequestPermissions,
  hasOrigins: platform.hasOrigins,
  removeOrigins: platform.removeOrigins,
  requestOrigins: platform.requestOrigins,
  openTab: platform.openTab,
  storageGet: platform.storageGet,
  storageSet: platform.storageSet,
}))

const API = 'https://api.example.com'
const API_PATTERN = 'https://api.example.com/*'
const CHANGED: PanelToDevtools = { type: 'panel/permissions-changed' }
const PANEL_URL = 'chrome-extension://abcdef/src/panel/index.html?mode=devtools#finding-3'

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const tr = createTranslator('en', [en])
let send: ReturnType<typeof vi.fn<(m: PanelToDevtools) => void>>
let root: FakeElement

function env(): Env {
  return {
    tr,
    lang: 'en',
    t: tr.msg,
    dispatch: vi.fn(),
    send,
    findings: vi.fn(async () => []),
    mode: 'devtools',
    tabId: 7,
    narrow: false,
    pickFile: vi.fn(),
  }
}

/** Renders, then lets effects run and already-settled promises (hasOrigins) land. */
async function mount(node: ComponentChild): Promise<void> {
  await act(async () => {
    render(h(EnvContext.Provider, { value: env() }, node), root as unknown as Element)
    await microtasks()
  })
}

async function microtasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** A click: the handler runs synchronously, with the user gesture active only meanwhile. */
function click(el: FakeElement): void {
  platform.state.gesture = true
  try {
    el.dispatch('click')
  } finally {
    platform.state.gesture = false
  }
}

/** Resolves a stubbed promise inside act so the resulting re-render is flushed. */
async function settle<T>(d: { resolve: (v: T) => void }, value: T): Promise<void> {
  await act(async () => {
    d.resolve(value)
    await microtasks()
  })
}

beforeEach(() => {
  root = container()
  send = vi.fn<(m: PanelToDevtools) => void>()
  platform.state.gesture = false
  platform.state.requestedInGesture = []
  platform.canQueryPermissions.mockReset().mockReturnValue(true)
  platform.canRequestPermissions.mockReset().mockReturnValue(true)
  platform.hasOrigins.mockReset().mockResolvedValue(false)
  platform.removeOrigins.mockReset().mockResolvedValue(false)
  platform.requestOrigins.mockReset().mockImplementation(() => {
    platform.state.requestedInGesture.push(platform.state.gesture)
    return Promise.resolve(false)
  })
  platform.openTab.mockReset()
  platform.stored.clear()
  vi.stubGlobal('location', new URL(PANEL_URL))
})

afterEach(async () => {
  await act(() => {
    render(null, root as unknown as Element)
  })
  vi.unstubAllGlobals()
})

it('uses the scheme + host match pattern (no port, no path) for the example origin', () => {
  expect(originPattern(API)).toBe(API_PATTERN)
  expect(originPattern('https://api.example.com:8443/v1/users')).toBe(API_PATTERN)
})

describe('RevokeAccess', () => {
  it('shows "has access" and Revoke for a granted optional origin; Revoke removes it and tells the devtools page', async () => {
    platform.hasOrigins.mockResolvedValue(true)
    await mount(h(RevokeAccess, { origin: API }))

    expect(platform.hasOrigins).toHaveBeenCalledWith([API_PATTERN])
    const p = root.find('p', 'revoke')
    expect(p).not.toBeNull()
    expect(p!.find('span')!.textContent).toBe('Probing is allowed for api.example.com.')
    const button = p!.find('button')!
    expect(button.textContent).toBe('Revoke')
    expect(button.getAttribute('type')).toBe('button')

    const removed = deferred<boolean>()
    platform.removeOrigins.mockReturnValue(removed.promise)
    click(button)
    expect(platform.removeOrigins).toHaveBeenCalledTimes(1)
    expect(platform.removeOrigins).toHaveBeenCalledWith([API_PATTERN])
    // Nothing changes until the browser confirms the removal.
    expect(root.find('p', 'revoke')).not.toBeNull()
    expect(send).not.toHaveBeenCalled()

    await settle(removed, true)
    expect(root.find('p', 'revoke')).toBeNull()
    expect(root.textContent).toBe('')
    expect(send).toHaveBeenCalledTimes(1)
    expect(send).toHaveBeenCalledWith(CHANGED)
  })

  it('keeps the control and sends nothing when removeOrigins resolves false', async () => {
    platform.hasOrigins.mockResolvedValue(true)
    await mount(h(RevokeAccess, { origin: API }))
    const removed = deferred<boolean>()
    platform.removeOrigins.mockReturnValue(removed.promise)

    click(root.find('button')!)
    await settle(removed, false)

    expect(platform.removeOrigins).toHaveBeenCalledWith([API_PATTERN])
    expect(root.find('p', 'revoke')).not.toBeNull()
    expect(root.find('button')!.textContent).toBe('Revoke')
    expect(send).not.toHaveBeenCalled()
  })

  it.each(['http://127.0.0.1:8405', 'http://localhost:3000'])(
    'renders nothing for the manifest origin %s (not revocable) and does not query',
    async (origin) => {
      platform.hasOrigins.mockResolvedValue(true)
      await mount(h(RevokeAccess, { origin }))
      expect(root.childNodes).toEqual([])
      expect(platform.hasOrigins).not.toHaveBeenCalled()
    },
  )

  it('renders nothing when the origin is not granted', async () => {
    platform.hasOrigins.mockResolvedValue(false)
    await mount(h(RevokeAccess, { origin: API }))
    expect(platform.hasOrigins).toHaveBeenCalledWith([API_PATTERN])
    expect(root.childNodes).toEqual([])
  })

  it('renders nothing without a permissions API (e.g. Firefox DevTools) and does not query', async () => {
    platform.canQueryPermissions.mockReturnValue(false)
    platform.hasOrigins.mockResolvedValue(true)
    await mount(h(RevokeAccess, { origin: API }))
    expect(root.childNodes).toEqual([])
    expect(platform.hasOrigins).not.toHaveBeenCalled()
  })

  it('renders nothing for an origin without a match pattern', async () => {
    platform.hasOrigins.mockResolvedValue(true)
    await mount(h(RevokeAccess, { origin: 'file:///tmp/x.har' }))
    expect(root.childNodes).toEqual([])
    expect(platform.hasOrigins).not.toHaveBeenCalled()
  })
})

describe('Permission', () => {
  it('requests the pattern synchronously inside the click, then shows "granted" and tells the devtools page', async () => {
    await mount(h(Permission, { origin: API, site: API, reason: 'no-permission', tabId: 7 }))
    const box = root.find('div', 'permission')!
    expect(box.getAttribute('data-origin')).toBe(API)
    expect(box.textContent).toContain(
      'Method Doctor needs your permission to send probe requests to api.example.com.',
    )
    expect(root.find('p', 'hint')!.textContent).toBe(en.ui_perm_remembered.message)
    const button = root.find('button')!
    expect(button.getAttribute('data-action')).toBe('allow-probing')
    expect(button.textContent).toBe('Allow probing api.example.com')
    expect(root.findAll((el) => el.getAttribute('role') === 'status')).toEqual([])

    const answer = deferred<boolean>()
    platform.requestOrigins.mockImplementation(() => {
      platform.state.requestedInGesture.push(platform.state.gesture)
      return answer.promise
    })
    click(button)
    // Called during the click's listeners, not after an await: the prompt needs the user gesture.
    expect(platform.requestOrigins).toHaveBeenCalledTimes(1)
    expect(platform.requestOrigins).toHaveBeenCalledWith([API_PATTERN])
    expect(platform.state.requestedInGesture).toEqual([true])
    expect(platform.openTab).not.toHaveBeenCalled()
    expect(send).not.toHaveBeenCalled()

    await settle(answer, true)
    const status = root.findAll((el) => el.getAttribute('role') === 'status')
    expect(status).toHaveLength(1)
    expect(status[0]!.getAttribute('class')).toBe('ok')
    expect(status[0]!.textContent).toBe('Allowed. Probing…')
    expect(send).toHaveBeenCalledTimes(1)
    expect(send).toHaveBeenCalledWith(CHANGED)
  })

  it('shows "denied" and sends nothing when the user refuses', async () => {
    await mount(h(Permission, { origin: API, site: API, reason: 'no-permission', tabId: 7 }))
    const answer = deferred<boolean>()
    platform.requestOrigins.mockImplementation(() => {
      platform.state.requestedInGesture.push(platform.state.gesture)
      return answer.promise
    })

    click(root.find('button')!)
    expect(platform.state.requestedInGesture).toEqual([true])
    await settle(answer, false)

    const status = root.findAll((el) => el.getAttribute('role') === 'status')
    expect(status).toHaveLength(1)
    expect(status[0]!.getAttribute('class')).toBe('dim')
    expect(status[0]!.textContent).toBe('Permission was not granted.')
    expect(root.textContent).not.toContain('Allowed. Probing…')
    expect(send).not.toHaveBeenCalled()
  })

  it('without a direct permissions API (Firefox) opens the ?grant= page in a tab instead', async () => {
    platform.canRequestPermissions.mockReturnValue(false)
    await mount(h(Permission, { origin: API, site: API, reason: 'no-permission', tabId: 7 }))
    expect(root.find('p', 'hint')!.textContent).toBe(en.ui_perm_firefox.message)

    click(root.find('button')!)
    await act(microtasks)

    expect(platform.requestOrigins).not.toHaveBeenCalled()
    expect(platform.openTab).toHaveBeenCalledTimes(1)
    const url = new URL(platform.openTab.mock.calls[0]![0])
    expect(url.href).toBe(
      'chrome-extension://abcdef/src/panel/index.html?grant=https%3A%2F%2Fapi.example.com&site=https%3A%2F%2Fapi.example.com&tab=7',
    )
    expect(url.searchParams.get('grant')).toBe(API)
    expect(url.hash).toBe('')
    expect(root.findAll((el) => el.getAttribute('role') === 'status')).toEqual([])
    expect(send).not.toHaveBeenCalled()
  })

  it('leaves out &tab= in the ?grant= URL when there is no tab id', async () => {
    platform.canRequestPermissions.mockReturnValue(false)
    await mount(h(Permission, { origin: API, site: API, reason: 'no-permission', tabId: null }))
    click(root.find('button')!)
    expect(platform.openTab).toHaveBeenCalledWith(
      'chrome-extension://abcdef/src/panel/index.html?grant=https%3A%2F%2Fapi.example.com&site=https%3A%2F%2Fapi.example.com',
    )
  })

  it('renders nothing for an origin without a match pattern', async () => {
    await mount(h(Permission, { origin: 'file:///tmp/x.har', site: API, reason: 'no-permission', tabId: 7 }))
    expect(root.childNodes).toEqual([])
  })
})

describe('another origin than the inspected site: the click approves that pair', () => {
  const APP = 'https://app.example.com'
  const A = 'http://127.0.0.1:8405'
  const B = 'http://127.0.0.1:9000'
  const approvals = () => parsePairs(platform.stored.get(APPROVALS_KEY))

  it('asks for host access inside the click, then stores (site, origin) and tells the devtools page', async () => {
    await mount(h(Permission, { origin: API, site: APP, reason: 'not-approved', tabId: 7 }))
    expect(root.find('div', 'permission')!.textContent).toContain(
      "api.example.com is not the inspected page's own origin (app.example.com).",
    )
    expect(root.find('p', 'hint')!.textContent).toBe(
      en.ui_perm_pair_remembered.message.replace('{site}', 'app.example.com'),
    )
    platform.requestOrigins.mockImplementation(() => {
      platform.state.requestedInGesture.push(platform.state.gesture)
      return Promise.resolve(true)
    })
    await act(async () => {
      click(root.find('button')!)
      await microtasks()
    })
    expect(platform.state.requestedInGesture).toEqual([true])
    expect([...approvals()]).toEqual([pairKey(APP, API)])
    expect(send).toHaveBeenCalledWith(CHANGED)
  })

  it('a refused prompt stores nothing', async () => {
    await mount(h(Permission, { origin: API, site: APP, reason: 'not-approved', tabId: 7 }))
    await act(async () => {
      click(root.find('button')!)
      await microtasks()
    })
    expect(approvals().size).toBe(0)
    expect(send).not.toHaveBeenCalled()
  })

  it('another loopback port in a Firefox panel (no permissions API): the manifest grants the host, the click stores the pair', async () => {
    platform.canRequestPermissions.mockReturnValue(false)
    await mount(h(Permission, { origin: B, site: A, reason: 'not-approved', tabId: 7 }))
    expect(root.find('button')!.textContent).toBe('Allow probing 127.0.0.1:9000')
    await act(async () => {
      click(root.find('button')!)
      await microtasks()
    })
    expect(platform.openTab).not.toHaveBeenCalled()
    expect([...approvals()]).toEqual([pairKey(A, B)])
    expect(send).toHaveBeenCalledWith(CHANGED)
  })

  it('a remote origin in a Firefox panel opens the grant tab, naming the site', async () => {
    platform.canRequestPermissions.mockReturnValue(false)
    await mount(h(Permission, { origin: API, site: APP, reason: 'not-approved', tabId: 7 }))
    click(root.find('button')!)
    const url = new URL(platform.openTab.mock.calls[0]![0])
    expect([
      url.searchParams.get('grant'),
      url.searchParams.get('site'),
      url.searchParams.get('tab'),
    ]).toEqual([API, APP, '7'])
    expect(approvals().size).toBe(0)
  })

  it('without an http(s) inspected page there is nothing to approve: no button', async () => {
    await mount(h(Permission, { origin: B, site: '', reason: 'not-approved', tabId: 7 }))
    expect(root.find('button')).toBeNull()
    expect(root.textContent).toBe(en.ui_perm_no_site.message)
  })

  it('Stop removes only that pair and asks for the endpoint again (the worker then refuses)', async () => {
    platform.stored.set(
      APPROVALS_KEY,
      JSON.stringify([
        [A, B],
        ['http://localhost:3000', B],
      ]),
    )
    await mount(h(StopProbing, { origin: B, site: A, endpoint: `POST ${B}/api/items` }))
    await act(microtasks)
    const p = root.find('p', 'revoke')!
    expect(p.textContent).toContain('Probing 127.0.0.1:9000 is allowed while you inspect 127.0.0.1:8405.')
    await act(async () => {
      click(p.find('button')!)
      await microtasks()
    })
    expect([...approvals()]).toEqual([pairKey('http://localhost:3000', B)])
    expect(send).toHaveBeenCalledWith({ type: 'panel/probe-again', endpoint: `POST ${B}/api/items` })
    expect(root.find('p', 'revoke')).toBeNull()
  })

  it("Stop is not offered for the page's own origin or for a pair never approved", async () => {
    await mount(h(StopProbing, { origin: A, site: A, endpoint: `POST ${A}/x` }))
    expect(root.childNodes).toEqual([])
    await mount(h(StopProbing, { origin: B, site: A, endpoint: `POST ${B}/x` }))
    expect(root.childNodes).toEqual([])
  })
})
