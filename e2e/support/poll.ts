export interface PollOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeout?: number
  /** What we wait for, named in the timeout error. */
  what?: string
  /** Pause between attempts in milliseconds (default 50). */
  interval?: number
}

/**
 * Calls `fn` until it returns something other than undefined, null or false, and returns that.
 * Errors thrown by `fn` count as "not yet" (the browser is often mid-load); the last one is
 * quoted in the timeout error so a failure still says why.
 */
export async function poll<T>(
  fn: () => T | Promise<T>,
  opts: PollOptions = {},
): Promise<Exclude<T, false | null | undefined>> {
  const { timeout = 20_000, what = 'condition', interval = 50 } = opts
  const deadline = Date.now() + timeout
  let lastError: unknown
  for (;;) {
    try {
      const value = await fn()
      if (value !== undefined && value !== null && value !== false)
        return value as Exclude<T, false | null | undefined>
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last error: ${errorText(lastError)})`
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${why}`)
    }
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
