/**
 * Which probes may carry the user's cookies and HTTP authentication: a list of (inspected site,
 * target origin) pairs (`origin-pairs.ts`). Empty by default: a probe is anonymous unless the
 * user ticked the box for that target while inspecting that site. The panel writes the list; the
 * worker reads it itself before each probe request, so no message can switch credentials on.
 */
export const CREDENTIALS_KEY = 'md.probeCredentialPairs'
/**
 * The old list, per target origin alone: a choice made on one site applied to every site
 * inspected later. It is never read; the worker deletes it, so nothing it held grants anything.
 */
export const LEGACY_CREDENTIALS_KEY = 'md.probeCredentials'
