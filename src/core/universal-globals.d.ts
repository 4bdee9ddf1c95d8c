/**
 * The only non-ECMAScript globals src/core may use, type-checked by `tsconfig.core.json`
 * (lib ES2022, no DOM, no @types/node). Each one exists, with the same behaviour, in every
 * target browser (Chrome and Firefox extension pages and workers) and in Node 20; signatures
 * are the subset the core uses. Add a global here only if that holds for it too (candidates:
 * URLSearchParams, TextEncoder, btoa, structuredClone, queueMicrotask). Never add DOM or
 * extension APIs (document, window, localStorage, navigator, chrome, browser), Node APIs
 * (process, Buffer, require, node: modules), nor fetch, console, crypto or performance:
 * inject those from the edges instead (see ProbeFetch, TextFetch, `now`).
 *
 * The main tsconfig.json excludes this file: there, lib DOM and @types/node provide the
 * full declarations.
 */

/** WHATWG URL: global in browsers and Node 10+. */
declare class URL {
  constructor(url: string, base?: string)
  hash: string
  host: string
  hostname: string
  href: string
  readonly origin: string
  password: string
  pathname: string
  protocol: string
  search: string
  username: string
}

/** Cancels probes and downloads on timeout: global in browsers and Node 15+. */
declare class AbortController {
  readonly signal: AbortSignal
  abort(reason?: unknown): void
}

/** Type only: the core passes signals to injected fetch functions, never creates them itself. */
interface AbortSignal {
  readonly aborted: boolean
}

/** Timers: global in browsers and Node; the handle differs (number / Timeout), so it is opaque. */
declare function setTimeout(callback: () => void, ms?: number): unknown
declare function clearTimeout(handle: unknown): void

/** UTF-8 decoding of downloaded bytes: global in browsers and Node 11+. */
declare class TextDecoder {
  constructor(label?: string)
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

/** Base64 HAR bodies: global in browsers and Node 16+. */
declare function atob(data: string): string

/** Type only (WHATWG streams, global in browsers and Node 18+): the body an injected fetch returns. */
interface ReadableStream<R = unknown> {
  cancel(reason?: unknown): Promise<void>
  getReader(): ReadableStreamDefaultReader<R>
}

interface ReadableStreamDefaultReader<R = unknown> {
  read(): Promise<{ done: false; value: R } | { done: true; value?: undefined }>
  cancel(reason?: unknown): Promise<void>
}
