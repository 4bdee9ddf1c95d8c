import type { CDPSession } from '@playwright/test'

export interface TargetInfo {
  targetId: string
  type: string
  url: string
  title: string
  /** Set on iframe targets: the target (frame) that embeds them. */
  parentId?: string
  parentFrameId?: string
}

interface RemoteException {
  text: string
  lineNumber: number
  columnNumber: number
  exception?: { description?: string; value?: unknown }
}

interface EvaluateResult {
  result: { value?: unknown }
  exceptionDetails?: RemoteException
}

interface ProtocolReply {
  id?: number
  method?: string
  params?: unknown
  result?: unknown
  error?: { message: string; data?: string }
}

type Pending = { resolve(value: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout }
type LooseSend = (method: string, params?: object) => Promise<unknown>

const COMMAND_TIMEOUT = 15_000

/** Playwright types `send` for the protocol it ships; DevTools needs a few methods it doesn't list. */
export function sendRaw<T>(session: CDPSession, method: string, params: object = {}): Promise<T> {
  const send = session.send.bind(session) as unknown as LooseSend
  return send(method, params) as Promise<T>
}

export async function getTargets(browser: CDPSession): Promise<TargetInfo[]> {
  return (await sendRaw<{ targetInfos: TargetInfo[] }>(browser, 'Target.getTargets')).targetInfos
}

/**
 * A non-flattened session on one target, multiplexed over the browser session: Playwright's
 * CDPSession cannot send on flattened child sessions, and never attaches to DevTools itself.
 */
export class TargetSession {
  readonly #browser: CDPSession
  readonly #pending = new Map<number, Pending>()
  readonly #listeners = new Map<string, Set<(params: unknown) => void>>()
  #nextId = 0
  #gone: string | undefined

  private constructor(
    browser: CDPSession,
    readonly sessionId: string,
    readonly info: TargetInfo,
  ) {
    this.#browser = browser
    browser.on('Target.receivedMessageFromTarget', this.#onMessage)
    browser.on('Target.detachedFromTarget', this.#onDetached)
  }

  static async attach(browser: CDPSession, info: TargetInfo): Promise<TargetSession> {
    const { sessionId } = await browser.send('Target.attachToTarget', {
      targetId: info.targetId,
      flatten: false,
    })
    return new TargetSession(browser, sessionId, info)
  }

  send<T>(method: string, params: object = {}, timeout = COMMAND_TIMEOUT): Promise<T> {
    if (this.#gone) return Promise.reject(new Error(`${method} on ${this.info.url}: ${this.#gone}`))
    const id = ++this.#nextId
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new Error(`${method} on ${this.info.url} got no answer within ${timeout} ms`))
      }, timeout)
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer })
      const message = JSON.stringify({ id, method, params })
      this.#browser
        .send('Target.sendMessageToTarget', { sessionId: this.sessionId, message })
        .catch((err: Error) => {
          this.#settle(id, undefined, `${method} on ${this.info.url}: ${err.message}`)
        })
    })
  }

  /** Runs `expression` in the target's main world; promises are awaited, the result comes back as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<EvaluateResult>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })
    if (exceptionDetails) {
      const why = exceptionDetails.exception?.description ?? exceptionDetails.text
      throw new Error(`evaluate in ${this.info.url} threw: ${why}\n  expression: ${expression.slice(0, 300)}`)
    }
    return result.value as T
  }

  /** Subscribes to a protocol event of this target (enable its domain first); returns the unsubscribe. */
  on(event: string, listener: (params: unknown) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set()
    set.add(listener)
    this.#listeners.set(event, set)
    return () => set.delete(listener)
  }

  async detach(): Promise<void> {
    if (!this.#gone)
      await this.#browser.send('Target.detachFromTarget', { sessionId: this.sessionId }).catch(() => {})
    this.#close('detached')
  }

  #onMessage = ({ sessionId, message }: { sessionId: string; message: string }): void => {
    if (sessionId !== this.sessionId) return
    const reply = JSON.parse(message) as ProtocolReply
    if (reply.id !== undefined) {
      const error = reply.error && `${reply.error.message}${reply.error.data ? ` (${reply.error.data})` : ''}`
      this.#settle(reply.id, reply.result, error)
    } else if (reply.method) {
      for (const listener of this.#listeners.get(reply.method) ?? []) listener(reply.params)
    }
  }

  #onDetached = ({ sessionId }: { sessionId: string }): void => {
    if (sessionId === this.sessionId) this.#close('target detached or closed')
  }

  #settle(id: number, result: unknown, error: string | undefined): void {
    const pending = this.#pending.get(id)
    if (!pending) return
    this.#pending.delete(id)
    clearTimeout(pending.timer)
    if (error) pending.reject(new Error(error))
    else pending.resolve(result)
  }

  #close(why: string): void {
    if (this.#gone) return
    this.#gone = why
    this.#browser.off('Target.receivedMessageFromTarget', this.#onMessage)
    this.#browser.off('Target.detachedFromTarget', this.#onDetached)
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer)
      pending.reject(new Error(`${this.info.url}: ${why} (command ${id} unanswered)`))
    }
    this.#pending.clear()
  }
}
