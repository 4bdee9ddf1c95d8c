import type { DevtoolsToWorker, WorkerToDevtools } from '../shared/messages'
import { readDescription } from './description-service'
import type { ObservedUrls } from './observed'
import type { ProbeService } from './probe-service'

/**
 * One checked message from a devtools page: what the page requested and which page it is are
 * recorded (null, no answer); a probe or a description read is answered.
 */
export function route(
  m: DevtoolsToWorker,
  observed: ObservedUrls,
  probes: ProbeService,
): Promise<WorkerToDevtools> | null {
  switch (m.type) {
    case 'devtools/observed-urls':
      observed.add(m.tabId, m.site, m.urls)
      return null
    case 'devtools/inspected-url':
      observed.inspected(m.tabId, m.url)
      return null
    case 'devtools/probe-request':
      return probes.handle(m)
    case 'devtools/read-description':
      return readDescription((origin) => probes.acquire(origin), m, observed)
  }
}
