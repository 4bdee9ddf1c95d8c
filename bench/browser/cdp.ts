import type { TargetSession } from '../../e2e/support/devtools-cdp'

export interface HeapUsage {
  usedMb: number
  totalMb: number
}

/** V8 heap of the target's isolate (every frame of the extension's renderer shares it). */
export async function heapUsage(t: TargetSession): Promise<HeapUsage> {
  const h = await t.send<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage')
  return { usedMb: h.usedSize / 1048576, totalMb: h.totalSize / 1048576 }
}

export async function isolateId(t: TargetSession): Promise<string> {
  return (await t.send<{ id: string }>('Runtime.getIsolateId')).id
}

export async function collectGarbage(t: TargetSession): Promise<void> {
  await t.send('HeapProfiler.collectGarbage')
}
