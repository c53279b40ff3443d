"""Hostile scraped input, end to end (issue 8): what a marketplace page or a buyer can put in a
message or a field reaches /assist (200, or a 422 envelope, never a 5xx), is stored and comes back
byte for byte, and is printed in the export report as text, never as markup.

Scripts and event-handler attributes, control characters, line and paragraph separators,
right-to-left text and overrides, emoji with ZWJ sequences and modifiers, lone surrogates in
JSON, every length limit at its value and one past it, and 2,000 messages in one page.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import zipfile
from html.parser import HTMLParser

import pytest

API = "/api/v1"

PAYLOADS = {
    "script": "Where is it? <script>window.pwned=1</script></p></li><li>forged entry",
    "img-onerror": '<img src=x onerror="window.pwned=2"><svg onload=alert(3)>',
    "control-characters": "NUL\x00 ESC\x1b[31mred\x1b[0m BEL\x07 BS\x08 DEL\x7f C1\x85\x9b end",
    "separators": "line\u2028separator\u2029paragraph\r\nCRLF\rCR\vVT\fFF",
    "right-to-left": "\u202erefunded 100 USD\u202c وصل الطرد تالفا החבילה לא הגיעה \u2067isolated\u2069 \u200fRLM",
    "emoji": "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇧🇷 e\u0301 \ufeffBOM Z\u0351\u0352\u0353algo \U0001F9D1\u200d\U0001F4BB",
}


class ReportReader(HTMLParser):
    """The report's elements, and the text of each message paragraph as a browser would read it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.message_texts: list[str] = []
        self._in_message_text = False
        self._in_message = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        if tag == "li":
            self._in_message = "message" in classes
        if tag == "p" and "text" in classes and self._in_message:
            self._in_message_text = True
            self.message_texts.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_message_text = False

    def handle_data(self, data):
        if self._in_message_text:
            self.message_texts[-1] += data


def assist(server, **context):
    context.setdefault("platform", "aliexpress")
    return server.call("POST", f"{API}/assist", json=context)


def case_total(server) -> int:
    return server.call("GET", f"{API}/cases").json()["total"]


def assert_422_envelope(answer, field: str) -> None:
    assert answer.status_code == 422, answer.text[:300]
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] == "invalid_fields" and error["message"]
    assert field in json.dumps(error["fields"]), error["fields"]


def export_report(server, case_id: str) -> tuple[zipfile.ZipFile, str]:
    answer = server.call("GET", f"{API}/cases/{case_id}/export")
    assert answer.status_code == 200, answer.text[:300]
    bundle = zipfile.ZipFile(io.BytesIO(answer.content))
    return bundle, bundle.read("report.html").decode("utf-8")


# --------------------------------------------------------------- every field
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_text_is_stored_byte_for_byte_and_exported_as_text(server, payload):
    order_id = f"HOSTILE-{hashlib.sha256(payload.encode()).hexdigest()[:8]}"
    answer = assist(server, page_type="dispute", order={"id": order_id, "items": [{"title": payload}]},
                    buyer={"name": payload}, dispute={"reason": payload}, title=payload,
                    messages=[{"from": "buyer", "text": payload, "sent_at": "2026-11-20T10:00:00Z"},
                              {"from": "seller", "text": f"Re: {payload}"}])
    assert answer.status_code == 200, answer.text[:300]
    body = answer.json()
    assert body["messages_logged"] == {"added": 2, "duplicates": 0}
    assert body["suggestions"] and all(s["text"] for s in body["suggestions"])
    case_id = body["case_id"]

    case = server.call("GET", f"{API}/cases/{case_id}").json()
    assert [entry["text"] for entry in case["timeline"]] == [payload, f"Re: {payload}"]
    assert case["buyer_name"] == payload and case["dispute"]["reason"] == payload
    assert case["order"]["items"][0]["title"] == payload
    note = server.call("POST", f"{API}/cases/{case_id}/evidence", json={"kind": "note", "text": payload})
    stored = server.call("GET", f"{API}/cases/{case_id}/evidence/{note.json()['evidence_id']}")
    assert stored.content == payload.encode("utf-8")
    assert server.call("GET", f"{API}/cases/{case_id}/verify").json()["ok"] is True

    bundle, report = export_report(server, case_id)
    assert [m["text"] for m in json.loads(bundle.read("messages.json"))] == [payload, f"Re: {payload}"]
    reader = ReportReader()
    reader.feed(report)
    # The payload made no element: no script, no handler attribute, no forged timeline entry.
    assert not [tag for tag, _ in reader.tags if tag in ("script", "svg", "iframe", "object")]
    assert not [(tag, name) for tag, attrs in reader.tags for name in attrs if name.startswith("on")]
    assert not [attrs for tag, attrs in reader.tags if tag == "img"]  # no screenshot in this case
    assert sum(1 for tag, attrs in reader.tags if tag == "li") == 3  # two messages and the note
    assert reader.message_texts == [payload, f"Re: {payload}"]
    assert html.escape(payload) in report


# ----------------------------------------------------------- lone surrogates
def test_lone_surrogates_in_json_become_replacement_characters_not_a_500(server):
    # Valid JSON, not Unicode: JSON.stringify writes a page's lone surrogate this way. Stored as
    # UTF-8 it failed the write with a 500 and left the case unexportable until a restart.
    raw = ('{"platform": "ebay", "order": {"id": "SURROGATE-1", "gift\\udfff": "x"},'
           ' "buyer": {"name": "Ana \\ud800"}, "dispute": {"reason": "\\udc00broken"},'
           ' "messages": [{"from": "buyer", "text": "lone \\ud800 pair \\ud83d\\ude00 end\\udbff"}]}')
    answer = server.call("POST", f"{API}/assist", data=raw.encode(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text[:300]
    case_id = answer.json()["case_id"]
    case = server.call("GET", f"{API}/cases/{case_id}").json()
    assert case["timeline"][0]["text"] == "lone \ufffd pair 😀 end\ufffd"
    assert case["buyer_name"] == "Ana \ufffd" and case["dispute"]["reason"] == "\ufffdbroken"
    assert case["order"]["gift\ufffd"] == "x"
    for path, body in ((f"{API}/cases/{case_id}/messages", '{"messages": [{"from": "seller", "text": "\\ud800"}]}'),
                       (f"{API}/cases/{case_id}/evidence", '{"kind": "note", "text": "note \\udfff"}'),
                       (f"{API}/cases/{case_id}/replies", '{"template_id": "t\\ud800", "action": "copied"}'),
                       (f"{API}/classify", '{"text": "\\ud800 where is my order"}'),
                       (f"{API}/lint", '{"platform": "ebay", "text": "\\ud800 call me"}')):
        sent = server.call("POST", path, data=body.encode(), headers={"Content-Type": "application/json"})
        assert sent.status_code == 200, (path, sent.text[:300])
    patched = server.call("PATCH", f"{API}/cases/{case_id}", data='{"note": "\\ud800"}'.encode(),
                          headers={"Content-Type": "application/json"})
    assert patched.status_code == 200 and patched.json()["note"] == "\ufffd"
    # and the case still exports and verifies
    bundle, _ = export_report(server, case_id)
    assert json.loads(bundle.read("manifest.json"))["verified"] is True


def test_invalid_utf8_bytes_are_a_400_envelope(server):
    answer = server.call("POST", f"{API}/assist", data=b'{"platform": "ebay", "order": {"id": "\xff\xfe"}}',
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_json"


def test_a_failed_write_leaves_the_database_as_it_is_on_disk(tmp_path):
    # What made one bad request poison a case: TinyDB changes its cached tables before calling
    # the storage's write, and an encoding failure skipped the reset of that cache.
    from tinydb import TinyDB

    from disputeclerk.storage.tinystore import AtomicJSONStorage

    db = TinyDB(tmp_path / "case.json", storage=AtomicJSONStorage)
    doc_id = db.insert({"note": "before"})
    with pytest.raises(UnicodeEncodeError):
        db.update({"note": "lone \ud800"}, doc_ids=[doc_id])
    assert db.get(doc_id=doc_id) == {"note": "before"}
    db.update({"note": "after"}, doc_ids=[doc_id])
    assert json.loads((tmp_path / "case.json").read_text())["_default"][str(doc_id)] == {"note": "after"}


# -------------------------------------------------------------------- limits
LIMITS = [  # (what, where the value goes in the context, its limit)
    ("message text", ("messages", 0, "text"), 100_000),
    ("dispute reason", ("dispute", "reason"), 4_000),
    ("buyer name", ("buyer", "name"), 512),
    ("page title", ("title",), 2_000),
    ("page url", ("url",), 8_192),
    ("item title", ("order", "items", 0, "title"), 2_000),
    ("order id", ("order", "id"), 200),
]


def context_with(path: tuple, value: str, order_id: str) -> dict:
    context = {"platform": "aliexpress", "order": {"id": order_id, "items": [{"title": "item"}]},
               "messages": [{"from": "buyer", "text": "hello"}]}
    node = context
    for key in path[:-1]:
        if isinstance(node, dict):
            node = node.setdefault(key, {})
        else:
            node = node[key]
    node[path[-1]] = value
    return context


def read_back(stored: dict, path: tuple):
    node = stored
    for key in path:
        node = node[key]
    return node


@pytest.mark.parametrize("what, path, limit", LIMITS, ids=[row[0] for row in LIMITS])
def test_each_field_at_its_limit_is_kept_and_one_past_it_is_a_422_that_stores_nothing(server, what, path, limit):
    slug = what.replace(" ", "-").upper()
    # Emoji and RTL text, so that characters (not bytes or UTF-16 units) are what is counted.
    unit = "<b>👍🏽ש</b>" if what != "order id" else "ש👍"
    at_limit = (f"{slug}-" + unit * limit)[:limit]
    before = case_total(server)
    over = context_with(path, at_limit + "x", f"LIMIT-OVER-{slug}")
    refused = server.call("POST", f"{API}/assist", json=over)
    assert_422_envelope(refused, path[0])
    assert case_total(server) == before

    kept = server.call("POST", f"{API}/assist", json=context_with(path, at_limit, f"LIMIT-AT-{slug}"))
    assert kept.status_code == 200, kept.text[:300]
    case_id = kept.json()["case_id"]
    if path[0] == "messages":
        assert server.call("GET", f"{API}/cases/{case_id}").json()["timeline"][0]["text"] == at_limit
    else:
        stored = json.loads((server.data_dir / "cases" / case_id / "case.json").read_text("utf-8"))
        assert read_back(stored["case"]["1"]["last_context"], path) == at_limit


def test_two_thousand_messages_are_logged_and_one_more_is_refused(server):
    messages = [{"from": ("buyer", "seller")[i % 2], "sent_at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                 "text": f"{i} <img src=x onerror=alert({i})> \u202e{i} 👩‍👩‍👧‍👦 \x00"} for i in range(2_001)]
    before = case_total(server)
    assert_422_envelope(assist(server, order={"id": "MANY-2001"}, messages=messages), "messages")
    assert case_total(server) == before

    answer = assist(server, page_type="dispute", order={"id": "MANY-2000"}, messages=messages[:2_000])
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["messages_logged"] == {"added": 2_000, "duplicates": 0}
    case = server.call("GET", f"{API}/cases/{answer.json()['case_id']}").json()
    assert [entry["text"] for entry in case["timeline"]] == [m["text"] for m in messages[:2_000]]
    assert case["verify"]["ok"] is True and case["verify"]["records"] == 2_000
    again = assist(server, page_type="dispute", order={"id": "MANY-2000"}, messages=messages[:2_000])
    assert again.json()["messages_logged"] == {"added": 0, "duplicates": 2_000}
    _, report = export_report(server, answer.json()["case_id"])
    reader = ReportReader()
    reader.feed(report)
    assert reader.message_texts == [m["text"] for m in messages[:2_000]]
    assert not [tag for tag, _ in reader.tags if tag == "img"]


# ---------------------------------------------------------- evidence headers
@pytest.mark.parametrize("media_type", ["text/html\r\nSet-Cookie: a=b", "☃/snow", "application/pdf\x00",
                                        "text/plain\n", "a" * 256])
def test_a_media_type_unfit_for_a_header_is_a_422(server, media_type):
    # Stored, such a type made every later download of the file a 500.
    case_id = assist(server, order={"id": f"MEDIA-1-{hashlib.sha256(media_type.encode()).hexdigest()[:8]}"}
                     ).json()["case_id"]
    answer = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "file", "filename": "label.pdf", "content_base64": "JVBERi0=", "media_type": media_type})
    assert_422_envelope(answer, "media_type")
    upload = server.call("POST", f"{API}/cases/{case_id}/evidence/upload",
                         data={"kind": "file", "filename": "label.pdf", "media_type": media_type},
                         files={"content": ("label.pdf", b"%PDF-", "application/pdf")})
    assert_422_envelope(upload, "media_type")
    assert server.call("GET", f"{API}/cases/{case_id}").json()["timeline"] == []


@pytest.mark.parametrize("media_type, served", [
    ("application/pdf", "application/pdf"), ("", "application/octet-stream"),
    ('text/plain; charset="utf-8"', 'text/plain; charset="utf-8"')])
def test_a_file_comes_back_with_its_own_media_type_once(server, media_type, served):
    case_id = assist(server, order={"id": "MEDIA-2"}).json()["case_id"]
    saved = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "file", "filename": "f.bin", "content_base64": "AAEC", "media_type": media_type})
    assert saved.status_code == 200, saved.text
    answer = server.call("GET", f"{API}/cases/{case_id}/evidence/{saved.json()['evidence_id']}")
    assert answer.headers["Content-Type"] == served and answer.content == b"\0\1\2"


def test_a_page_snapshot_is_served_with_one_charset(server):
    # It was "text/html; charset=utf-8; charset=utf-8".
    case_id = assist(server, order={"id": "MEDIA-3"}).json()["case_id"]
    saved = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "page_snapshot", "html": "<p>x</p>", "text": "x"}).json()
    base = f"{API}/cases/{case_id}/evidence/{saved['evidence_id']}"
    assert server.call("GET", base).headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.call("GET", base + "?part=text").headers["Content-Type"] == "text/plain; charset=utf-8"
