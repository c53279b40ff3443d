"""The security gate: every request passes here before any view runs, and it fails closed.

Any web page the seller visits can send requests to 127.0.0.1, so:
1. Host must be this server's loopback name and port (defeats DNS rebinding);
2. an Origin header, when present, must be the extension's, a paired one, or our own;
   anything else is refused with 403 *before* the view runs ("CORS only hides
   responses", ActivityWatch's lesson) and gets no CORS headers;
3. bodies over the limit are refused with 413 before they are read;
4. every call but health and pair needs the Bearer token, compared in constant time.
"""
from __future__ import annotations

import hmac
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass

from flask import Flask, g, request

from .config import Config
from .errors import ApiError
from .storage.secrets import SecretsFile

log = logging.getLogger(__name__)

PUBLIC_PATHS = frozenset({"/api/v1/health", "/api/v1/pair"})
# Any browser extension may *try* to pair (the code shown in the terminal is the secret);
# web pages cannot forge these schemes.
EXTENSION_ORIGIN = re.compile(r"^(chrome-extension://[a-p]{32}|moz-extension://[0-9a-f-]{36})$")


@dataclass
class _Code:
    value: str
    issued_at: float
    wrong_tries: int = 0
    spent: bool = False


class Pairing:
    """One pairing code at a time: single use, expires, voided after too many wrong tries."""

    def __init__(self, secrets_file: SecretsFile, ttl_seconds: int, max_tries: int, clock=time.monotonic) -> None:
        self._secrets = secrets_file
        self._ttl, self._max_tries, self._clock = ttl_seconds, max_tries, clock
        self._code: _Code | None = None
        self._lock = threading.Lock()

    def issue(self) -> str:
        with self._lock:
            self._code = _Code(f"{secrets.randbelow(10**6):06d}", self._clock())
            return self._code.value

    @property
    def expires_in(self) -> int:
        code = self._code
        return max(0, int(self._ttl - (self._clock() - code.issued_at))) if code else 0

    def redeem(self, attempt: str, origin: str | None) -> str:
        with self._lock:
            code = self._code
            if code is None or code.spent or self._clock() - code.issued_at > self._ttl:
                log.info("pairing refused: no valid code")
                raise ApiError("pairing_code_expired", 401,
                               "This pairing code is no longer valid. Run `disputeclerk pair` for a new one.")
            if not hmac.compare_digest(attempt.encode(), code.value.encode()):
                code.wrong_tries += 1
                left = self._max_tries - code.wrong_tries
                if left <= 0:
                    code.spent = True
                    log.warning("pairing code voided after %d wrong tries", code.wrong_tries)
                    raise ApiError("pairing_code_voided", 401,
                                   "Too many wrong codes: this one is now void. Run `disputeclerk pair` for a new one.")
                raise ApiError("pairing_code_wrong", 401, f"That code is wrong. {left} tries left.",
                               {"code": [f"{left} tries left"]})
            code.spent = True
        if origin:
            self._secrets.add_paired_origin(origin)
        log.info("paired %s", origin or "a client without an Origin header")
        return self._secrets.token


def install_gate(app: Flask, config: Config, secrets_file: SecretsFile) -> None:
    allowed_hosts = config.allowed_hosts
    static_origins = config.own_origins | config.extension_origins

    @app.before_request
    def gate():
        host = (request.environ.get("HTTP_HOST") or "").lower()
        if host not in allowed_hosts:
            g.refused = True
            log.info("refused: Host header not allowed")
            raise ApiError("host_not_allowed", 403, "This server only answers requests addressed to itself.")
        origin = request.headers.get("Origin")
        if origin is not None and origin not in static_origins and origin not in secrets_file.paired_origins:
            pairing_attempt = request.path == "/api/v1/pair" and EXTENSION_ORIGIN.match(origin)
            if not pairing_attempt:
                g.refused = True
                log.info("refused: foreign Origin")
                raise ApiError("origin_not_allowed", 403, "Requests from web pages are not accepted.")
        if request.content_length is not None and request.content_length > config.max_body_bytes:
            raise ApiError("body_too_large", 413,
                           f"The request body is larger than {config.max_body_bytes} bytes.")
        if request.method == "OPTIONS" or request.path in PUBLIC_PATHS:
            return None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError("token_missing", 401, "This call needs the API token (Authorization: Bearer …).")
        if not hmac.compare_digest(token.strip().encode(), secrets_file.token.encode()):
            raise ApiError("token_invalid", 401, "The API token is wrong. Pair the extension again.")
        return None

    @app.after_request
    def harden(response):
        if g.get("refused"):
            # flask-cors runs before this hook (hooks run in reverse order): undo it.
            for name in [h for h in response.headers.keys() if h.lower().startswith("access-control-")]:
                del response.headers[name]
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
        return response
