import type { Exchange } from './types'

/** A CORS preflight: an OPTIONS that names the method it asks about. */
export function isPreflight(x: Exchange): boolean {
  return x.method === 'OPTIONS' && x.requestHeaders.has('access-control-request-method')
}

/** The method a preflight asks about; '' unless it is a method token (a HAR can hold anything here). */
export function preflightMethod(x: Exchange): string {
  const m = (x.requestHeaders.get('access-control-request-method')?.[0] ?? '').trim().toUpperCase()
  return m.length <= 32 && /^[A-Z][A-Z0-9_-]*$/.test(m) ? m : ''
}
