"""The thin HTTP layer: one blueprint per resource; schemas on the routes."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
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


class DisputeApi(Api):
    """flask-smorest's Api, minus its own error handlers: errors.py shapes every error."""

    def _register_error_handlers(self) -> None:
        return None


def register(api: Api) -> None:
    from . import assist, cases, meta

    for module in (meta, assist, cases):
        api.register_blueprint(module.blp)
