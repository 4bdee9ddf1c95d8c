// Starts a test server on 127.0.0.1 (a free port) and closes it without waiting for the
// connections a browser page (or its service worker) may still hold open.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export async function onLoopback(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
