/** The subset of fetch a bounded text download needs; injected so the core stays platform-free. */
export type TextFetch = (
  url: string,
  init: {
    method: 'GET'
    credentials: 'omit'
    redirect: 'manual'
    cache: 'no-store'
    signal: AbortSignal
    referrerPolicy: 'no-referrer'
    headers: Record<string, string>
  },
) => Promise<{ status: number; body: ReadableStream<Uint8Array> | null }>

export type TextResult = { status: number; text: string } | { error: string }

/** GET without credentials, a timeout and a size cap: for API descriptions. Never throws. */
export async function fetchText(
  fetchFn: TextFetch,
  url: string,
  maxBytes: number,
  timeoutMs = 5000,
): Promise<TextResult> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  try {
    const res = await fetchFn(url, {
      method: 'GET',
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
      signal: ctrl.signal,
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' },
    })
    if (!res.body || res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => undefined)
      return { status: res.status, text: '' }
    }
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    let text = ''
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined)
        return { error: 'too-large' }
      }
      text += decoder.decode(value, { stream: true })
    }
    return { status: res.status, text: text + decoder.decode() }
  } catch (err) {
    return {
      error: ctrl.signal.aborted
        ? 'timeout'
        : err instanceof Error
          ? err.message.slice(0, 60)
          : 'network error',
    }
  } finally {
    clearTimeout(timer)
  }
}
