/**
 * The user's clicks on "Allow probing <origin>" for an origin other than the inspected site
 * (other loopback ports included): a list of (inspected site, target origin) pairs
 * (`origin-pairs.ts`). Host permission alone cannot say this: the manifest grants loopback on
 * every port, and a remote grant is per host, for every site inspected later. The panel writes
 * the list on a click (and removes a pair on "Stop probing"); the worker reads it itself before
 * each probe request, so no message can approve an origin.
 */
export const APPROVALS_KEY = 'md.probeApprovals'
