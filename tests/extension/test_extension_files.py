"""The extension's files keep their promises without a browser: manifest, translations, conventions."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from disputeclerk.config import EXTENSION_ID
from disputeclerk.version import __version__

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"
LOCALES = ("en", "zh_CN")
SCRIPTS = sorted(EXTENSION_DIR.rglob("*.js"))
PAGES = sorted(EXTENSION_DIR.rglob("*.html"))


def manifest() -> dict:
    return json.loads((EXTENSION_DIR / "manifest.json").read_text("utf-8"))


def locale(name: str) -> dict:
    return json.loads((EXTENSION_DIR / "_locales" / name / "messages.json").read_text("utf-8"))


def test_manifest_key_gives_the_id_the_server_trusts():
    digest = hashlib.sha256(base64.b64decode(manifest()["key"])).hexdigest()[:32]
    assert "".join(chr(ord("a") + int(digit, 16)) for digit in digest) == EXTENSION_ID


def test_manifest_asks_only_for_what_it_uses():
    data = manifest()
    assert data["manifest_version"] == 3
    assert data["version"] == __version__
    # Each permission, and the API call that needs it somewhere in the extension's code.
    uses = {"storage": "chrome.storage.", "scripting": "chrome.scripting.executeScript",
            "activeTab": "chrome.tabs.captureVisibleTab", "alarms": "chrome.alarms.",
            "notifications": "chrome.notifications.", "clipboardWrite": "navigator.clipboard.writeText"}
    assert sorted(data["permissions"]) == sorted(uses)
    code = "\n".join(path.read_text("utf-8") for path in EXTENSION_DIR.rglob("*.js"))
    for permission, call in uses.items():
        assert call in code, f"{permission} is asked for but {call} is never used"
    # <all_urls>: scripts are injected only when the seller clicks the extension, on whatever
    # marketplace domain the tab shows (hundreds, plus the seller's own shop), and full-page
    # screenshots need it (captureVisibleTab); the server is reached on the loopback.
    assert data["host_permissions"] == ["<all_urls>"]
    assert "content_scripts" not in data  # nothing of ours runs on a page before the click
    assert "externally_connectable" not in data  # no web page and no other extension may message us
    assert "web_accessible_resources" not in data  # no web page may frame our pages
    assert data["browser_specific_settings"]["gecko"]["id"] == "disputeclerk@disputeclerk.app"


def test_manifest_background_works_in_chromium_and_firefox():
    background = manifest()["background"]
    # Chromium runs service_worker; Firefox has no extension service workers and runs scripts.
    assert background["service_worker"] == "background/service-worker.js"
    assert background["scripts"] == ["background/service-worker.js"]
    assert background["type"] == "module"


def test_manifest_files_exist():
    data = manifest()
    for path in (data["background"]["service_worker"], data["action"]["default_popup"], data["options_ui"]["page"]):
        assert (EXTENSION_DIR / path).is_file(), path


@pytest.mark.parametrize("name", LOCALES[1:])
def test_every_translation_has_every_message(name):
    english, other = locale("en"), locale(name)
    assert sorted(other) == sorted(english)
    for key, entry in english.items():
        assert other[key]["message"].strip(), key
        # The same $PLACEHOLDERS$, so the same facts reach the seller in every language.
        assert (sorted(re.findall(r"\$(\w+)\$", other[key]["message"].lower()))
                == sorted(re.findall(r"\$(\w+)\$", entry["message"].lower()))), key
        assert sorted(other[key].get("placeholders", {})) == sorted(entry.get("placeholders", {})), key


@pytest.mark.parametrize("name", LOCALES)
def test_messages_are_complete(name):
    for key, entry in locale(name).items():
        assert entry["message"].strip(), key
        used = {found.lower() for found in re.findall(r"\$(\w+)\$", entry["message"])}
        assert used == set(entry.get("placeholders", {})), key


def test_every_message_the_code_uses_exists():
    used = set(re.findall(r"__MSG_(\w+)__", (EXTENSION_DIR / "manifest.json").read_text("utf-8")))
    for path in SCRIPTS + PAGES:
        text = path.read_text("utf-8")
        used |= set(re.findall(r'data-i18n="(\w+)"', text))
        used |= set(re.findall(r'\bt\("(\w+)"', text))
        used |= set(re.findall(r'"(state_\w+)"', text))
    assert used, "found no message keys: the patterns above are out of date"
    assert used - set(locale("en")) == set()


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: str(path.relative_to(EXTENSION_DIR)))
def test_scripts_never_write_html(path):
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(", path.read_text("utf-8"))


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: str(path.relative_to(EXTENSION_DIR)))
def test_only_the_service_worker_calls_the_server(path):
    calls_fetch = re.search(r"\bfetch\(", path.read_text("utf-8"))
    assert not calls_fetch or path == EXTENSION_DIR / "background" / "service-worker.js"


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(EXTENSION_DIR)))
def test_pages_have_no_inline_script(path):
    # The MV3 content security policy would block it, silently.
    text = path.read_text("utf-8")
    assert all('src="' in tag for tag in re.findall(r"<script\b[^>]*>", text))
    assert not re.search(r"\son\w+\s*=", text)
