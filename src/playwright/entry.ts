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
  if (response) {
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
    },
    _resourceType: request.resourceType(),
    ...(request.failure() ? { _error: request.failure()?.errorText } : {}),
  }
}
