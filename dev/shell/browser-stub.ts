/** Stands in for webextension-polyfill in the inline shell: no extension APIs at all. */
export default {}
