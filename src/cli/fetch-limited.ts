/** GET without credentials, with a timeout and a size cap: for API descriptions. */
export async function fetchText(url: string, maxBytes: number, timeoutMs = 5000): Promise<{ status: number; text: string } | { error: string }> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), timeoutMs)
  try {
    const res = await fetch(url, { method: 'GET', credentials: 'omit', redirect: 'manual', cache: 'no-store', signal: ctrl.signal, headers: { Accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' } })
    if (!res.body) return { status: res.status, text: '' }
    const reader = res.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        return { error: 'too-large' }
      }
      chunks.push(value)
    }
    return { status: res.status, text: Buffer.concat(chunks).toString('utf8') }
  } catch (err) {
    return { error: ctrl.signal.aborted ? 'timeout' : err instanceof Error ? err.message : 'network error' }
  } finally {
    clearTimeout(timer)
  }
}
