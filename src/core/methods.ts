import type { Exchange } from './types'

/** RFC 9110 §15.4.2–15.4.4 and Fetch: 301/302 rewrite only POST; 303 rewrites all but GET/HEAD. */
export function methodAfterRedirect(method: string, status: number): string {
  if ((status === 301 || status === 302) && method === 'POST') return 'GET'
  if (status === 303 && method !== 'GET' && method !== 'HEAD') return 'GET'
  return method
}

export function isRedirect(x: Exchange): boolean {
  return x.status >= 300 && x.status < 400 && x.status !== 304 && x.redirectURL !== ''
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300
}

/** Methods a browser may send cross-origin without a preflight (Fetch "CORS-safelisted method"). */
export const SIMPLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST'])

/** Methods that carry or change state, where a wrong host or a lost body matters. */
export function isUnsafe(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'
}
