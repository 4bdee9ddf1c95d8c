// webextension-polyfill is archived upstream (docs/architecture.md, "webextension-polyfill"). Both
// browsers we ship for already define a promise-based `browser.*` (firefox-esr and Chromium 156,
// checked in e2e/polyfill.spec.ts and e2e/firefox/polyfill.test.ts); there the polyfill must hand
// that object back untouched, so none of its wrapping code runs. It is loaded here as the bundle
// loads it: a CommonJS module.
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const path = require.resolve('webextension-polyfill')
const scope = globalThis as { browser?: unknown; chrome?: unknown }

/** Loads the polyfill afresh, as each extension page does, with the globals it finds there. */
function load(globals: { browser?: unknown; chrome?: unknown }): unknown {
  delete require.cache[path]
  scope.browser = globals.browser
  scope.chrome = globals.chrome
  return require(path)
}

/** A browser-defined namespace: frozen all the way down, so any write by the polyfill throws. */
function nativeLike(): object {
  const deepFreeze = <T extends object>(o: T): T => {
    for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v)
    return Object.freeze(o)
  }
  return deepFreeze({
    runtime: { id: 'method-doctor@test', getURL: (p: string) => `moz-extension://x/${p}` },
    storage: { local: { get: async () => ({}) } },
    devtools: { network: { onRequestFinished: { addListener: () => undefined } } },
  })
}

afterEach(() => {
  delete scope.browser
  delete scope.chrome
  delete require.cache[path]
})

describe('webextension-polyfill where the browser already defines browser.*', () => {
  it('returns the browser-defined object itself, untouched, and leaves the global alone', () => {
    const native = nativeLike()
    const before = JSON.stringify(native, (_k, v) => (typeof v === 'function' ? String(v) : v))
    const chrome = { runtime: { id: 'method-doctor@test' } }
    expect(load({ browser: native, chrome })).toBe(native)
    expect(scope.browser).toBe(native)
    expect(JSON.stringify(native, (_k, v) => (typeof v === 'function' ? String(v) : v))).toBe(before)
  })

  it('only without one does it wrap chrome.* (the path neither shipped browser takes)', () => {
    const chrome = {
      runtime: { id: 'method-doctor@test', lastError: undefined },
      storage: { local: { get: (_keys: unknown, done: (items: object) => void) => done({}) } },
    }
    const wrapped = load({ chrome }) as {
      runtime: { id: string }
      storage: { local: { get: () => unknown } }
    }
    expect(wrapped).not.toBe(chrome)
    expect(wrapped.runtime.id).toBe('method-doctor@test')
    expect(wrapped.storage.local.get).not.toBe(chrome.storage.local.get)
    // Bundled (a CommonJS module), it never assigns the global either.
    expect(scope.browser).toBeUndefined()
  })

  it('outside an extension it refuses to load', () => {
    expect(() => load({})).toThrow(/only be loaded in a browser extension/)
  })
})
