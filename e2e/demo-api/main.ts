// CLI entry for `npm start`: runs the demo API until Ctrl-C.
import { type DemoApi, startDemoApi } from './server.js'

const port = Number(process.env.PORT ?? 8405)
const corsPort = Number(process.env.CORS_PORT ?? 8406)

let api: DemoApi
try {
  api = await startDemoApi({ port, corsPort })
} catch (err) {
  // Usually EADDRINUSE: say which knob to turn instead of dumping a stack.
  console.error(`Could not start the demo API on ports ${port}/${corsPort}: ${String(err)}`)
  console.error('Set PORT and CORS_PORT to free ports.')
  process.exit(1)
}

console.log(`Method Doctor demo: ${api.origin}/`)
console.log(`Cross-origin API:   ${api.corsOrigin}/`)
console.log('Open the demo, then DevTools → Method Doctor. Ctrl-C to stop.')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err)
        process.exit(1)
      },
    )
  })
}
