/**
 * The background worker behind the shell's devtools page: the worker's own router, observed-URL
 * list, probe service (site rules, the user's approvals, host permission, scheduler limits and the
 * discovery ladder of src/core/probe) and description reads (src/core/openapi-discovery.ts), with
 * a fetch that asks the fake servers (servers.ts) instead of the network. Messages are checked and
 * cloned both ways, as the runtime port and worker.ts do.
 */
import { readDescription } from '../../src/background/description-service'
import { ObservedUrls } from '../../src/background/observed'
import { ProbeService } from '../../src/background/probe-service'
import { route } from '../../src/background/route'
import type { WorkerLink } from '../../src/devtools/capture-deps'
import {
  type DevtoolsToWorker,
  describeDrop,
  isDevtoolsToWorker,
  isWorkerToDevtools,
  type WorkerToDevtools,
} from '../../src/shared/messages'
import type { ServerFetch } from './servers'

export function fakeWorker(fetch: ServerFetch): WorkerLink {
  const observed = new ObservedUrls()
  // No session store: a reload of the shell is a fresh worker. The user's choices are read from
  // storage.local (fake-browser.ts), where the panel writes them.
  const probes = new ProbeService(observed, null, undefined, fetch)
  const handlers = new Set<(m: WorkerToDevtools) => void>()
  const answer = (m: DevtoolsToWorker): Promise<WorkerToDevtools> | null =>
    // The router's own call, but with the fake servers' fetch.
    m.type === 'devtools/read-description'
      ? readDescription((origin) => probes.acquire(origin), m, observed, fetch)
      : route(m, observed, probes)
  return {
    send(sent) {
      const m: unknown = structuredClone(sent)
      if (!isDevtoolsToWorker(m)) {
        console.warn('[shell] the worker dropped:', describeDrop(m))
        return
      }
      void answer(m)?.then((a) => {
        const back: unknown = structuredClone(a)
        if (!isWorkerToDevtools(back)) {
          console.warn('[shell] the devtools page dropped:', describeDrop(back))
          return
        }
        for (const h of handlers) h(back)
      })
    },
    listen(h) {
      handlers.add(h)
      return () => handlers.delete(h)
    },
  }
}
