"""The security gate, attack by attack, against a real `disputeclerk serve` process.

Any web page the seller visits can send requests to 127.0.0.1; each test below is one
thing such a page (or a rebinding DNS name, or a guessing script) might try.
"""
from __future__ import annotations

import socket

import pytest
import requests

from disputeclerk.config import EXTENSION_ID

from ..conftest import LiveServer

EXT_ORIGIN = f"chrome-extension://{EXTENSION_ID}"
OTHER_EXT_ORIGIN = "chrome-extension://" + "a" * 32
FIREFOX_ORIGIN = "moz-extension://3f1c2a9e-8d1b-4c55-9a7e-2b6f0c1d4e5a"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("security") / "data", "--max-body-mb", "1").start()
    yield live
    live.stop()


def new_code(server: LiveServer) -> str:
    answer = server.call("POST", "/api/v1/pairing-codes")
    assert answer.status_code == 201
    return answer.json()["code"]


def assert_envelope(answer: requests.Response, status: int, code: str) -> None:
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in answer.text and "<html" not in answer.text.lower()


def raw_http(server: LiveServer, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ Host check
def test_dns_rebinding_host_refused(server):
    answer = server.call("GET", "/api/v1/cases", headers={"Host": f"evil.example:{server.port}"})
    assert_envelope(answer, 403, "host_not_allowed")


def test_dns_rebinding_host_refused_even_for_health(server):
    answer = server.call("GET", "/api/v1/health", auth=False, headers={"Host": "rebind.attacker.test"})
    assert_envelope(answer, 403, "host_not_allowed")


def test_host_with_wrong_port_refused(server):
    answer = server.call("GET", "/api/v1/health", auth=False, headers={"Host": f"127.0.0.1:{server.port + 1}"})
    assert_envelope(answer, 403, "host_not_allowed")


def test_request_without_host_header_refused(server):
    reply = raw_http(server, b"GET /api/v1/health HTTP/1.0\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 403") or reply.startswith(b"HTTP/1.0 403")
    assert b'"host_not_allowed"' in reply


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_loopback_host_names_accepted(server, host):
    answer = server.call("GET", "/api/v1/health", auth=False, headers={"Host": f"{host}:{server.port}"})
    assert answer.status_code == 200 and answer.json()["ok"] is True


# ----------------------------------------------------------------- Origin check
def test_foreign_origin_refused_before_handler(server):
    before = server.call("GET", "/api/v1/cases").json()["total"]
    answer = server.call("POST", "/api/v1/assist", headers={"Origin": "https://evil.example"},
                         json={"platform": "ebay", "order": {"id": "from-evil-page"}})
    assert_envelope(answer, 403, "origin_not_allowed")
    assert server.call("GET", "/api/v1/cases").json()["total"] == before


def test_foreign_origin_gets_no_cors_headers(server):
    preflight = server.call("OPTIONS", "/api/v1/assist", auth=False, headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 403
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


def test_null_origin_refused(server):
    # Sandboxed iframes and file:// pages send "Origin: null".
    assert_envelope(server.call("GET", "/api/v1/cases", headers={"Origin": "null"}), 403, "origin_not_allowed")


def test_unpaired_extension_origin_refused(server):
    assert_envelope(server.call("GET", "/api/v1/cases", headers={"Origin": OTHER_EXT_ORIGIN}),
                    403, "origin_not_allowed")


def test_web_page_cannot_pair(server):
    answer = server.call("POST", "/api/v1/pair", auth=False, headers={"Origin": "https://evil.example"},
                         json={"code": new_code(server)})
    assert_envelope(answer, 403, "origin_not_allowed")


def test_extension_origin_gets_exact_cors_headers_never_wildcard(server):
    preflight = server.call("OPTIONS", "/api/v1/assist", auth=False, headers={
        "Origin": EXT_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == EXT_ORIGIN
    answer = server.call("GET", "/api/v1/cases", headers={"Origin": EXT_ORIGIN})
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == EXT_ORIGIN


def test_pairing_records_the_origin_that_paired(server):
    assert server.call("GET", "/api/v1/cases", headers={"Origin": FIREFOX_ORIGIN}).status_code == 403
    answer = server.call("POST", "/api/v1/pair", auth=False, headers={"Origin": FIREFOX_ORIGIN},
                         json={"code": new_code(server)})
    assert answer.status_code == 200 and answer.json()["token"] == server.token
    assert server.call("GET", "/api/v1/cases", headers={"Origin": FIREFOX_ORIGIN}).status_code == 200


# ------------------------------------------------------------------------ token
def test_missing_token_refused(server):
    assert_envelope(server.call("GET", "/api/v1/cases", auth=False), 401, "token_missing")


def test_wrong_token_refused(server):
    wrong = server.token[:-2] + ("AA" if not server.token.endswith("AA") else "BB")
    answer = server.call("GET", "/api/v1/cases", auth=False, headers={"Authorization": f"Bearer {wrong}"})
    assert_envelope(answer, 401, "token_invalid")


def test_token_in_other_scheme_refused(server):
    answer = server.call("GET", "/api/v1/cases", auth=False, headers={"Authorization": f"Basic {server.token}"})
    assert_envelope(answer, 401, "token_missing")


def test_openapi_document_needs_the_token(server):
    assert_envelope(server.call("GET", "/api/v1/openapi.json", auth=False), 401, "token_missing")


def test_unknown_path_without_token_reveals_nothing(server):
    assert_envelope(server.call("GET", "/admin", auth=False), 401, "token_missing")


# ---------------------------------------------------------------------- pairing
def test_pairing_code_is_single_use(server):
    code = new_code(server)
    assert server.call("POST", "/api/v1/pair", auth=False, json={"code": code}).status_code == 200
    assert_envelope(server.call("POST", "/api/v1/pair", auth=False, json={"code": code}),
                    401, "pairing_code_expired")


def test_five_wrong_pairing_codes_void_the_code(server):
    code = new_code(server)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for tries_left in (4, 3, 2, 1):
        answer = server.call("POST", "/api/v1/pair", auth=False, json={"code": wrong})
        assert_envelope(answer, 401, "pairing_code_wrong")
        assert f"{tries_left} tries left" in answer.json()["error"]["message"]
    assert_envelope(server.call("POST", "/api/v1/pair", auth=False, json={"code": wrong}),
                    401, "pairing_code_voided")
    # Even the right code is now refused.
    assert_envelope(server.call("POST", "/api/v1/pair", auth=False, json={"code": code}),
                    401, "pairing_code_expired")


def test_pairing_code_expires_after_ten_minutes():
    from disputeclerk.errors import ApiError
    from disputeclerk.security import Pairing

    class Clock:
        now = 1000.0

        def __call__(self):
            return self.now

    class NoSecrets:
        token = "t"

        def add_paired_origin(self, origin):
            raise AssertionError("an expired code must not pair")

    clock = Clock()
    pairing = Pairing(NoSecrets(), ttl_seconds=600, max_tries=5, clock=clock)
    code = pairing.issue()
    clock.now += 601
    with pytest.raises(ApiError) as refused:
        pairing.redeem(code, "chrome-extension://" + "b" * 32)
    assert refused.value.code == "pairing_code_expired" and refused.value.status == 401


def test_pairing_code_still_valid_just_before_ten_minutes(tmp_path):
    from disputeclerk.security import Pairing
    from disputeclerk.storage.secrets import SecretsFile

    now = [0.0]
    secrets_file = SecretsFile(tmp_path / "secrets.json")
    pairing = Pairing(secrets_file, ttl_seconds=600, max_tries=5, clock=lambda: now[0])
    code = pairing.issue()
    now[0] = 599
    assert pairing.redeem(code, None) == secrets_file.token


def test_malformed_pair_request_is_an_envelope_and_costs_no_try(server):
    code = new_code(server)
    for junk in (["1"], "x", "12345", "1234567"):
        assert_envelope(server.call("POST", "/api/v1/pair", auth=False, json={"code": junk}), 422, "invalid_fields")
    assert server.call("POST", "/api/v1/pair", auth=False, json={"code": f"{(int(code) + 1) % 10**6:06d}"}
                       ).json()["error"]["message"].startswith("That code is wrong. 4 tries left")


# ------------------------------------------------------------------- body limit
@pytest.mark.parametrize("size", [2**20 + 2**19, 3 * 2**20], ids=["over-limit", "far-over-limit"])
def test_oversized_body_refused_with_413(server, size):
    # 1.5 MiB is refused by the app's gate, 3 MiB already by waitress: both in the envelope.
    big = b'{"platform":"ebay","order":{"id":"1"},"pad":"' + b"x" * size + b'"}'
    answer = server.call("POST", "/api/v1/assist", data=big, headers={"Content-Type": "application/json"})
    assert_envelope(answer, 413, "body_too_large")


def test_oversized_chunked_body_refused_with_413(server):
    def chunks():
        yield b'{"platform":"ebay","order":{"id":"1"},"pad":"'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'
    answer = server.call("POST", "/api/v1/assist", data=chunks(), headers={"Content-Type": "application/json"})
    assert_envelope(answer, 413, "body_too_large")


# -------------------------------------------------------------- error envelope
def test_unknown_endpoint_is_a_404_envelope(server):
    assert_envelope(server.call("GET", "/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_a_405_envelope(server):
    assert_envelope(server.call("DELETE", "/api/v1/cases"), 405, "method_not_allowed")


def test_bad_json_is_a_400_envelope(server):
    answer = server.call("POST", "/api/v1/assist", data=b'{"platform": ', headers={"Content-Type": "application/json"})
    assert_envelope(answer, 400, "bad_json")


def test_path_traversal_in_case_id_finds_nothing(server):
    for path in ("/api/v1/cases/..%2F..%2Fsecrets.json", "/api/v1/cases/ebay-..", "/api/v1/cases/%2e%2e/verify"):
        answer = server.call("GET", path)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] in ("case_not_found", "not_found")


def test_unexpected_exception_is_a_generic_500_envelope(tmp_path, caplog):
    from disputeclerk import Config, create_app

    app = create_app(Config(data_dir=tmp_path, port=5000))
    store = app.extensions["disputeclerk"].store

    def explode(*args, **kwargs):
        raise RuntimeError("secret detail /home/seller/private")

    store.list_cases = explode
    client = app.test_client()
    answer = client.get("/api/v1/cases", headers={"Host": "127.0.0.1:5000",
                                                  "Authorization": f"Bearer {app.extensions['disputeclerk'].secrets.token}"})
    assert answer.status_code == 500
    assert answer.json["error"]["code"] == "internal_error"
    assert "secret detail" not in answer.get_data(as_text=True)
    assert "Traceback" not in answer.get_data(as_text=True)
    assert any("secret detail" in (r.exc_text or "") for r in caplog.records), "the traceback goes to the log"


def test_saved_html_is_never_served_live(server):
    case = server.call("POST", "/api/v1/assist", json={"platform": "etsy", "order": {"id": "xss-1"}}).json()["case_id"]
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    saved = server.call("POST", f"/api/v1/cases/{case}/evidence", json={"kind": "page_snapshot", "html": payload})
    answer = server.call("GET", f"/api/v1/cases/{case}/evidence/{saved.json()['evidence_id']}")
    assert answer.content == payload.encode()
    assert answer.headers["Content-Disposition"] == "attachment"
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
