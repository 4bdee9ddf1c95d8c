/**
 * The inspected page's traffic, evaluated in the page as a string (tsx's helpers must not leak
 * into it). `total` real requests with `concurrency` in flight, every `failEvery`-th a POST to
 * a new failing endpoint; every body is read, since Chrome reports only finished requests.
 */
export interface TrafficResult {
  startAt: number
  firstFailDoneAt: number
  lastDoneAt: number
  sent: number
  failing: number
  errors: number
}

export function trafficScript(total: number, failEvery: number, concurrency: number): string {
  return `(async () => {
    const total = ${total}, failEvery = ${failEvery}, concurrency = ${concurrency}
    let next = 0, failing = 0, errors = 0, firstFailDoneAt = 0
    const startAt = Date.now()
    const one = async (i) => {
      if (i % failEvery === failEvery - 1) {
        const k = failing++
        const r = await fetch('/api/fail/' + k, { method: 'POST', body: JSON.stringify({ n: i }), headers: { 'Content-Type': 'application/json' } })
        await r.text()
        if (!firstFailDoneAt) firstFailDoneAt = Date.now()
      } else {
        const r = await fetch('/api/ok/' + i)
        await r.text()
      }
    }
    const worker = async () => {
      while (next < total) {
        const i = next++
        try { await one(i) } catch { errors++ }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return { startAt, firstFailDoneAt, lastDoneAt: Date.now(), sent: total, failing, errors }
  })()`
}
