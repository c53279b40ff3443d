"""The thin HTTP layer: one blueprint per resource; schemas on the routes."""
from __future__ import annotations

from dataclasses import dataclass

import io

from flask import Request, current_app
from flask_smorest import Api

from ..config import Config
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
    """flask-smorest's Api, minus its own error handlers: errors.py shapes every error."""

    def _register_error_handlers(self) -> None:
        return None


def register(api: Api) -> None:
    from . import assist, cases, meta, replies

    for blueprint in (meta.blp, assist.blp, replies.blp, cases.blp, cases.outcomes_blp):
        api.register_blueprint(blueprint)
