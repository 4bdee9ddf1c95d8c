import browser from 'webextension-polyfill'

/**
 * Whether the extension may reach `protocol//host`. Match patterns have no port (Firefox rejects
 * a pattern with one), so the grant covers every port of the host; an error reads as "no".
 */
export async function hasHostPermission(protocol: string, host: string): Promise<boolean> {
  const hostname = host.replace(/:\d+$/, '')
  try {
    return await browser.permissions.contains({ origins: [`${protocol}//${hostname}/*`] })
  } catch {
    return false
  }
}
