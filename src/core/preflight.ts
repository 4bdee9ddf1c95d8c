import type { Exchange } from './types'

/** A CORS preflight: an OPTIONS that names the method it asks about. */
export function isPreflight(x: Exchange): boolean {
  return x.method === 'OPTIONS' && x.requestHeaders.has('access-control-request-method')
}

export function preflightMethod(x: Exchange): string {
  return (x.requestHeaders.get('access-control-request-method')?.[0] ?? '').trim().toUpperCase().slice(0, 20)
}
