import browser from "webextension-polyfill"; browser.devtools.panels.create("Method Doctor", "/icons/icon-48.png", "/src/panel/index.html")
