import type { DevtoolsNetwork } from 'webextension-polyfill/namespaces/devtools_network'

/** Bytes of a body fingerprinting needs; the engine keeps even less. */
const BODY_LIMIT = 4096
const TIMEOUT_MS = 1500

/** Statuses whose body can name the framework or the disguised 405. */
export function needsBody(status: number): boolean {
  return status === 403 || status === 404 || status === 405 || status === 501
}

/**
 * getContent() of one request, bounded in time and size. Chrome's polyfill passes a callback,
 * Firefox returns a promise; both are handled, and any failure means "no body".
 */
export function fetchBody(request: DevtoolsNetwork.Request): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(''), TIMEOUT_MS)
    const done = (content: unknown, encoding?: unknown) => {
      clearTimeout(timer)
      if (typeof content !== 'string') return resolve('')
      if (encoding === 'base64') {
        try {
          return resolve(atob(content.slice(0, Math.ceil((BODY_LIMIT * 4) / 3))).slice(0, BODY_LIMIT))
        } catch {
          return resolve('')
        }
      }
      resolve(content.slice(0, BODY_LIMIT))
    }
    try {
      // Chrome only answers through a callback; Firefox returns a promise. Offer both.
      const getContent = request.getContent as unknown as (
        cb: (content: unknown, encoding: unknown) => void,
      ) => unknown
      const maybe = getContent.call(request, (content, encoding) => done(content, encoding))
      if (maybe && typeof (maybe as Promise<unknown>).then === 'function') {
        ;(maybe as Promise<[string, string] | string>).then(
          (r) => (Array.isArray(r) ? done(r[0], r[1]) : done(r)),
          () => done(''),
        )
      }
    } catch {
      done('')
    }
  })
}
