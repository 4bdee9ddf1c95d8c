// Firefox prefs for tests: pin the add-on's UUID and keep the browser off the internet. Puppeteer
// already sets many of the quiet-network prefs; they are repeated here so this list is the truth.

export function firefoxPrefs(addonId: string, uuid: string): Record<string, string | number | boolean> {
  return {
    // Known moz-extension://<uuid>/ origin before install, so tests can open extension pages.
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
    // Grant manifest host_permissions at install, as Firefox does for users by default.
    'extensions.originControls.grantByDefault': true,
    // Telemetry and data reporting.
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'browser.ping-centre.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.telemetry': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    // Updates (app, add-ons, search engines, GMP plugins).
    'app.update.auto': false,
    'app.update.disabledForTesting': true,
    'extensions.update.enabled': false,
    'browser.search.update': false,
    'media.gmp-manager.updateEnabled': false,
    // Captive portal and connectivity checks.
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'captivedetect.canonicalURL': '',
    // Safe browsing lists.
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    // Remote settings and Normandy experiments.
    // A .test host never resolves (and non-local connections are refused anyway).
    'services.settings.server': 'http://dummy.test/remote-settings/',
    'app.normandy.enabled': false,
    'app.normandy.api_url': '',
    'messaging-system.rsexperimentloader.enabled': false,
    // No speculative or background connections.
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'browser.urlbar.suggest.searches': false,
  }
}
