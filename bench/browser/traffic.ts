/**
 * The inspected page's traffic, evaluated in the page as a string (tsx's helpers must not leak
 * into it). Requests `from` … `to - 1` with `concurrency` in flight; request i is a POST to the
 * failing endpoint ⌊i / failEvery⌋ when i % failEvery is the last of its ten, a GET of its own
 * /api/ok/i otherwise. Every body is read, since Chrome reports only finished requests. A run can
 * be split in parts (a navigation between them) and the parts' results joined.
 */
export interface TrafficResult {
  startAt: number
  firstFailDoneAt: number
  lastDoneAt: number
  sent: number
  failing: number
  errors: number
}

export interface TrafficPart {
  from: number
  to: number
  failEvery: number
  concurrency: number
}

export function trafficScript(p: TrafficPart): string {
  return `(async () => {
    const from = ${p.from}, to = ${p.to}, failEvery = ${p.failEvery}, concurrency = ${p.concurrency}
    let next = from, failing = 0, errors = 0, firstFailDoneAt = 0
    const startAt = Date.now()
    const one = async (i) => {
      if (i % failEvery === failEvery - 1) {
        failing++
        const r = await fetch('/api/fail/' + Math.floor(i / failEvery), { method: 'POST', body: JSON.stringify({ n: i }), headers: { 'Content-Type': 'application/json' } })
        await r.text()
        if (!firstFailDoneAt) firstFailDoneAt = Date.now()
      } else {
        const r = await fetch('/api/ok/' + i)
        await r.text()
      }
    }
    const worker = async () => {
      while (next < to) {
        const i = next++
        try { await one(i) } catch { errors++ }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return { startAt, firstFailDoneAt, lastDoneAt: Date.now(), sent: to - from, failing, errors }
  })()`
}

/** Two parts as one run: from the first part's start to the last part's end. */
export function joinTraffic(a: TrafficResult, b: TrafficResult): TrafficResult {
  return {
    startAt: a.startAt,
    firstFailDoneAt: a.firstFailDoneAt || b.firstFailDoneAt,
    lastDoneAt: b.lastDoneAt,
    sent: a.sent + b.sent,
    failing: a.failing + b.failing,
    errors: a.errors + b.errors,
  }
}
