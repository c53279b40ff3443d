"""Real headless Chromium with the unpacked extension loaded, driven by Playwright.

Recipe and its pitfalls: /work/shared/research/browser-testing.md. In short: a persistent
context (a plain launch() gives new contexts no extension), Debian's Chromium instead of a
downloaded one (never `playwright install`), and --load-extension next to
--disable-extensions-except (Playwright disables extensions by default).
"""
from __future__ import annotations

import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION_DIR = ROOT / "extension"
WEB_PAGES_DIR = Path(__file__).resolve().parent / "web_pages"

# Flags for a closed network and a quiet browser; Playwright adds --no-sandbox (needed as root)
# and its own --disable-features list, which we leave alone.
QUIET_FLAGS = ("--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--no-default-browser-check")


def _chromium() -> str:
    wanted = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(wanted)
    if not found:
        pytest.skip(f"no Chromium at {wanted}: install Debian's `chromium` package or set CHROMIUM=/path/to/chromium "
                    "(never `playwright install`)")
    return found


class ExtensionBrowser:
    """One Chromium profile with Dispute Clerk loaded, and handles on its service worker."""

    def __init__(self, context) -> None:
        self.context = context
        self.id = self.service_worker.url.split("/")[2]
        self.errors: list[str] = []
        context.on("weberror", lambda error: self.errors.append(f"uncaught: {error.error}"))
        context.on("console", self._console)

    def _console(self, message) -> None:
        # console.error in the worker or a page is a bug (expected failures log with console.info).
        if message.type == "error" and message.location.get("url", "").startswith("chrome-extension://"):
            self.errors.append(f"console.error: {message.text}")

    @property
    def service_worker(self):
        """The extension's running worker (MV3 may stop it; the next event starts a new one)."""
        # With a persistent context the worker is usually there when launch returns.
        workers = self.context.service_workers
        return workers[-1] if workers else self.context.wait_for_event("serviceworker", timeout=10_000)

    def stop_service_worker(self) -> None:
        """Stop the worker the way Chromium does when it has been idle (30 s, or 5 min per event)."""
        session = self.context.browser.new_browser_cdp_session()
        try:
            for target in session.send("Target.getTargets")["targetInfos"]:
                if target["type"] == "service_worker" and target["url"].startswith(self.url("")):
                    session.send("Target.closeTarget", {"targetId": target["targetId"]})
        finally:
            session.detach()

    def set_vault(self, connection: dict) -> None:
        """Write the vault as a given extension version would have (raw IndexedDB)."""
        self.service_worker.evaluate("""connection => new Promise((resolve, reject) => {
            const open = indexedDB.open("disputeclerk-vault", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("connection");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction("connection", "readwrite");
              tx.objectStore("connection").put(connection, "current");
              tx.oncomplete = () => { open.result.close(); resolve(); };
              tx.onerror = () => reject(tx.error);
            };
          })""", connection)

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def open(self, path: str):
        page = self.context.new_page()
        page.goto(self.url(path))
        return page

    def storage(self) -> dict:
        """Everything the extension keeps in chrome.storage.local (content scripts could read it)."""
        return self.service_worker.evaluate("() => chrome.storage.local.get(null)")

    def vault(self) -> dict:
        """The worker's IndexedDB vault ({serverUrl, token}), read with the raw IndexedDB API."""
        return self.service_worker.evaluate("""() => new Promise((resolve, reject) => {
            const open = indexedDB.open("disputeclerk-vault", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("connection");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction("connection").objectStore("connection").get("current");
              get.onsuccess = () => { open.result.close(); resolve(get.result ?? {}); };
              get.onerror = () => reject(get.error);
            };
          })""")

    def reset(self) -> None:
        """A freshly installed extension: nothing stored, no tab but the first blank one."""
        for page in self.context.pages[1:]:
            page.close()
        self.service_worker.evaluate(
            "() => Promise.all([chrome.storage.local.clear(), disputeClerkWorker.forgetConnection(),"
            " chrome.action.setBadgeText({text: ''})])")
        self.errors.clear()


def launch_extension_browser(playwright, profile_dir: Path, *, language: str | None = None) -> ExtensionBrowser:
    args = [f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}", *QUIET_FLAGS]
    if language:
        # Chooses the extension's _locales even when Chromium ships only en-US.pak (Debian
        # without chromium-l10n); chrome.i18n.getUILanguage() still says en-US then.
        args.append(f"--lang={language}")
    context = playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=_chromium(), headless=True, args=args,
        locale=language or "en-US")
    return ExtensionBrowser(context)


@pytest.fixture(scope="session")
def extension_browser(playwright_session, tmp_path_factory):
    browser = launch_extension_browser(playwright_session, tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.context.close()


@pytest.fixture
def launch_browser(playwright_session, tmp_path):
    """Start another browser (e.g. in another language); it is closed after the test."""
    browsers: list[ExtensionBrowser] = []

    def launch(*, language: str | None = None) -> ExtensionBrowser:
        browser = launch_extension_browser(playwright_session, tmp_path / f"profile-{len(browsers)}",
                                           language=language)
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.context.close()


@pytest.fixture
def extension(extension_browser):
    """The extension as just installed; the test fails on any uncaught error in its pages."""
    extension_browser.reset()
    yield extension_browser
    errors = list(extension_browser.errors)
    extension_browser.reset()
    assert not errors, f"the extension logged errors: {errors}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def web_page_server():
    """An ordinary web site on another port of 127.0.0.1: what any page the seller visits could be."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(WEB_PAGES_DIR)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def tab_id(browser: ExtensionBrowser, page) -> int:
    """The Chromium tab id of a Playwright page (the popup and the worker address tabs by id)."""
    return browser.service_worker.evaluate(
        "url => chrome.tabs.query({}).then(tabs => tabs.find(tab => tab.url === url)?.id ?? null)", page.url)


def ask_tab(browser: ExtensionBrowser, page, action: str, **args) -> dict:
    """Inject the content scripts into `page` (as a click on the extension does) and ask them for `action`."""
    return browser.service_worker.evaluate(
        "([tabId, action, args]) => disputeClerkWorker.askTab(tabId, action, args)",
        [tab_id(browser, page), action, args])


@pytest.fixture
def paired(extension, live_server):
    """The extension paired with a real `disputeclerk serve` (its LiveServer is `paired.server`)."""
    answer = extension.service_worker.evaluate(
        "([serverUrl, code]) => disputeClerkWorker.pair({serverUrl, code})", [live_server.url, live_server.pairing_code])
    assert answer["ok"], answer
    extension.server = live_server
    return extension
