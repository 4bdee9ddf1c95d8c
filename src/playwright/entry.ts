import type { Request } from '@playwright/test'

const BODY_STATUSES = new Set([403, 404, 405, 501])

/** One Playwright request (a single hop) as the HAR entry the engine reads. */
export async function toHarEntry(request: Request): Promise<Record<string, unknown>> {
  const response = await request.response().catch(() => null)
  const timing = request.timing()
  const started = Number.isFinite(timing.startTime) && timing.startTime > 0 ? timing.startTime : Date.now()
  const requestHeaders = await request.headersArray().catch(() => [])
  let status = 0
  let statusText = ''
  let headers: { name: string; value: string }[] = []
  let text = ''
  let viaServiceWorker = false
  if (response) {
    // An answer the page's own service worker gave (an MSW mock, say) is not the server's: the
    // engine reads Chrome's flag for it, and Playwright knows it for sure.
    viaServiceWorker = response.fromServiceWorker()
    status = response.status()
    statusText = response.statusText()
    headers = await response.headersArray().catch(() => [])
    // Bodies are read only where fingerprints need them, and never for redirects.
    if (BODY_STATUSES.has(status)) text = (await response.text().catch(() => '')).slice(0, 4096)
  }
  const location = headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? ''
  return {
    startedDateTime: new Date(started).toISOString(),
    time: Math.max(0, timing.responseEnd),
    request: { method: request.method(), url: request.url(), headers: requestHeaders },
    response: {
      status,
      statusText,
      headers,
      redirectURL: status >= 300 && status < 400 ? location : '',
      content: { text, mimeType: headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '' },
      ...(response ? { _fetchedViaServiceWorker: viaServiceWorker } : {}),
    },
    _resourceType: request.resourceType(),
    ...(request.failure() ? { _error: request.failure()?.errorText } : {}),
    ...frameInitiator(request),
  }
}

/**
 * Playwright names the frame that sent a request but no call stack: the initiator is that
 * document, typed `other` (never a made-up script frame). A navigation's frame already shows the
 * next document by the time it finishes; the engine names a form's page from its Referer instead.
 */
function frameInitiator(request: Request): { _initiator?: { type: 'other'; url: string } } {
  if (request.isNavigationRequest()) return {}
  try {
    const url = request.frame().url()
    return /^https?:\/\//i.test(url) ? { _initiator: { type: 'other', url } } : {}
  } catch {
    // A service worker's own request has no frame.
    return {}
  }
}
