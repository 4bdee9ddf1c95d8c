// Raw WebDriver BiDi over puppeteer's connection: puppeteer has no API for chrome-scope contexts
// or for extension pages (its page.goto never resolves on moz-extension:// URLs).
import type { Browser, Page } from 'puppeteer-core'

interface Connection {
  send(method: string, params: object, timeout?: number): Promise<{ result: unknown }>
}

interface EvaluateResult {
  type: 'success' | 'exception'
  result?: { type: string; value?: unknown }
  exceptionDetails?: { text: string }
}

export interface Bidi {
  send<T>(method: string, params?: object): Promise<T>
  /** Evaluates in a browsing context; the value travels as JSON, so return plain data. */
  evaluate<T>(context: string, expression: string): Promise<T>
}

export function bidi(browser: Browser): Bidi {
  // Puppeteer's BiDi Browser keeps its connection on an undocumented property.
  const connection = (browser as unknown as { connection?: Connection }).connection
  if (!connection)
    throw new Error('This puppeteer Browser has no BiDi connection (launch with browser: "firefox")')
  const send = async <T>(method: string, params: object = {}): Promise<T> =>
    (await connection.send(method, params)).result as T
  return {
    send,
    async evaluate<T>(context: string, expression: string): Promise<T> {
      // JSON keeps results plain (BiDi's own serialization turns objects into [key, value] lists).
      const wrapped = `Promise.resolve((${expression})).then(v => JSON.stringify({ v }))`
      const res = await send<EvaluateResult>('script.evaluate', {
        expression: wrapped,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
      })
      if (res.type === 'exception') {
        throw new Error(
          `evaluate threw: ${res.exceptionDetails?.text}\n  expression: ${expression.slice(0, 300)}`,
        )
      }
      return (JSON.parse(String(res.result?.value)) as { v: T }).v
    },
  }
}

/** The BiDi context id of a puppeteer page (its main frame's id). */
export function contextOf(page: Page): string {
  return (page.mainFrame() as unknown as { _id: string })._id
}

interface TreeNode {
  context: string
  url: string
}

/** The first browser window (browser.xhtml): where chrome-scope code runs. */
export async function chromeWindowContext(b: Bidi): Promise<string> {
  const { contexts } = await b.send<{ contexts: TreeNode[] }>('browsingContext.getTree', {
    'moz:scope': 'chrome',
  })
  const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')
  if (!win)
    throw new Error(
      'No browser window in chrome scope: was Firefox started with --remote-allow-system-access?',
    )
  return win.context
}
