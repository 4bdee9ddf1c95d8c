/** The panel benchmark's API in its own process: prints its origin, stops on SIGTERM. */
import { startLoadServer } from './load-server'

const server = await startLoadServer()
process.stdout.write(`${server.origin}\n`)
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0))
})
