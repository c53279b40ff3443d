"""The thin HTTP layer: one blueprint per resource; schemas on the routes."""
from __future__ import annotations

from dataclasses import dataclass

import io
import re
from typing import Any

from flask import Request, current_app
from flask_smorest import Api, Blueprint
from marshmallow import Schema
from webargs.flaskparser import FlaskParser
from werkzeug.routing import BaseConverter

from ..config import Config
from ..schemas import ErrorEnvelopeSchema
from ..security import Pairing
from ..storage import Store
from ..storage.secrets import SecretsFile


@dataclass
class Services:
    config: Config
    store: Store
    secrets: SecretsFile
    pairing: Pairing


def services() -> Services:
    return current_app.extensions["disputeclerk"]


class DisputeRequest(Request):
    """Multipart file parts stay in memory (the body limit bounds them): evidence is written
    once, to its content-addressed file, not first to a temp file by the form parser."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()


class DisputeApi(Api):
    """flask-smorest's Api, minus its own error handlers: errors.py shapes every error.

    The document's 422 and default error responses name errors.py's envelope, not
    flask-smorest's own error shape (which this server never sends)."""

    ERROR_SCHEMA = ErrorEnvelopeSchema

    def _register_error_handlers(self) -> None:
        return None

    def init_app(self, app, *, spec_kwargs=None) -> None:
        app.url_map.converters["evidence_id"] = EvidenceIdConverter
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.register_converter(EvidenceIdConverter,
                                lambda converter: {"type": "string", "pattern": f"^{converter.regex}$"})


class EvidenceIdConverter(BaseConverter):
    """An evidence id as the store makes it (`ev-` and 12 hex digits): so that
    …/evidence/upload is never taken for an evidence id (GET on it was routed to one)."""

    regex = r"ev-[0-9a-f]{12}"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def well_formed(value: Any) -> Any:
    """Every string in a parsed JSON body with its lone surrogates replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [well_formed(item) for item in value]
    if isinstance(value, dict):
        return {well_formed(key): well_formed(item) for key, item in value.items()}
    return value


_SCHEMAS: dict[type, Schema] = {}


class DisputeParser(FlaskParser):
    """JSON bodies read as Unicode text. `"\\ud800"` is valid JSON but no character: stored as UTF-8
    it failed the write (a 500, and a case left unexportable until restart), and a page's text
    can hold one (JSON.stringify escapes it so). It becomes U+FFFD, as the browser's own UTF-8
    encoder does for the multipart upload. Only escapes bring one in (raw bytes must be UTF-8),
    so bodies without a `\\ud` escape skip the walk."""

    def _get_schema(self, argmap, req: Request):
        # Given a schema class, webargs builds a new instance for every request, and with it every
        # nested schema, deep-copying each field (a third of /assist's time). Loading keeps no
        # state in the schema, so one instance per class serves every request and thread.
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            schema = _SCHEMAS.get(argmap)
            if schema is None:
                schema = _SCHEMAS.setdefault(argmap, argmap())
            return schema
        return super()._get_schema(argmap, req)

    def _raw_load_json(self, req: Request) -> Any:
        data = super()._raw_load_json(req)
        raw = req.get_data(cache=True)
        return well_formed(data) if b"\\ud" in raw or b"\\uD" in raw else data


class DisputeBlueprint(Blueprint):
    ARGUMENTS_PARSER = DisputeParser()


def register(api: Api) -> None:
    from . import assist, cases, meta, replies

    for blueprint in (meta.blp, assist.blp, replies.blp, cases.blp, cases.outcomes_blp):
        api.register_blueprint(blueprint)
