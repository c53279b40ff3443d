// The seller's language for every screen: the strings live in _locales/<lang>/messages.json,
// and chrome.i18n picks them by the browser's language. Text is always set with textContent.

/** The message `key` in the browser's language, with $1, $2… filled from `substitutions`. */
export function t(key, substitutions = []) {
  const text = chrome.i18n.getMessage(key, substitutions.map(String));
  if (!text) {
    // A missing key shows as itself rather than as an empty screen; tests check both locales.
    console.warn("[disputeclerk] no message for", key);
    return key;
  }
  return text;
}

/** Fill every [data-i18n] element of the page, and say which language the page is in. */
export function localizePage(root = document) {
  // "localeTag" is "en" in _locales/en and "zh-CN" in _locales/zh_CN: the language of the
  // strings really shown, which is not always chrome.i18n.getUILanguage().
  root.documentElement.lang = t("localeTag");
  root.documentElement.dir = chrome.i18n.getMessage("@@bidi_dir") || "ltr";
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
}
