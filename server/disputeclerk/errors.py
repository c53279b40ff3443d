"""One error shape for every failure: {"error": {"code", "message", "fields"}}.

Services raise `ApiError`; this module renders it, and also turns Flask/werkzeug
errors (404, 405, 413, bad JSON) and unexpected exceptions into the same envelope.
Never HTML, never a stack trace.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Machine codes for the statuses werkzeug raises on its own.
HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "body_too_large", 415: "unsupported_media_type",
    422: "invalid_fields", 429: "too_many_requests",
}

FRIENDLY_MESSAGES = {
    404: "There is no such endpoint or record.",
    405: "This endpoint does not accept that HTTP method.",
    413: "The request body is larger than the server accepts.",
}


class ApiError(Exception):
    def __init__(self, code: str, status: int, message: str, fields: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.status, self.message, self.fields = code, status, message, fields or {}


def envelope(code: str, message: str, status: int, fields: dict[str, Any] | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if status == 400 and messages and "json" in messages:
        return envelope("bad_json", "The request body is not valid JSON.", 400)
    if status == 422 and messages:
        fields: dict[str, Any] = {}
        for location_fields in messages.values():
            if isinstance(location_fields, dict):
                fields.update(location_fields)
            else:
                fields.setdefault("_schema", location_fields)
        return envelope("invalid_fields", "Some fields are missing or invalid.", 422, fields)
    message = FRIENDLY_MESSAGES.get(status) or (error.description or error.name)
    response = envelope(HTTP_CODES.get(status, f"http_{status}"), message, status)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _api_error(error: ApiError):
    return envelope(error.code, error.message, error.status, error.fields)


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unexpected error while answering a request")
    return envelope("internal_error", "Something went wrong on the server; the details are in its log.", 500)


def register(app: Flask) -> None:
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
