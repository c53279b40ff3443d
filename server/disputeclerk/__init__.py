"""Dispute Clerk: a local server that helps marketplace sellers win disputes.

create_app(config): config → storage → security gate → blueprints.
"""
from __future__ import annotations

import gc
import logging
import threading
import time

from flask import Flask, g
from flask_cors import CORS

from . import errors
from .config import Config
from .security import EXTENSION_ORIGIN, Pairing, install_gate
from .storage import Store
from .storage.secrets import SecretsFile
from .turns import Turns, take_turns
from .version import __version__

__all__ = ["create_app", "Config", "__version__"]


def create_app(config: Config | None = None) -> Flask:
    config = config or Config()
    app = Flask(__name__)
    from .api import DisputeRequest

    app.request_class = DisputeRequest
    app.config.update(
        API_TITLE="Dispute Clerk local API",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        API_SPEC_OPTIONS={
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "info": {"description": "The contract between the Dispute Clerk extension and its local server."},
        },
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    config.data_dir.mkdir(parents=True, exist_ok=True)
    secrets_file = SecretsFile(config.data_dir / "secrets.json")
    store = Store(config.data_dir)
    pairing = Pairing(secrets_file, config.pairing_ttl_seconds, config.pairing_max_tries)

    _install_timing(app)
    # The gate first: its after_request hook must run after flask-cors's to strip CORS
    # headers from refused requests (Flask runs after_request hooks in reverse order).
    install_gate(app, config, secrets_file)
    CORS(app, resources={r"/api/*": {"origins": sorted(config.own_origins) + [EXTENSION_ORIGIN]}},
         allow_headers=["Authorization", "Content-Type"], methods=["GET", "POST", "PATCH", "OPTIONS"],
         max_age=600, supports_credentials=False)
    errors.register(app)

    from .api import DisputeApi, Services, register

    api = DisputeApi(app)
    register(api)
    app.extensions["disputeclerk"] = Services(config, store, secrets_file, pairing)
    app.wsgi_app = take_turns(app.wsgi_app, Turns())
    if config.warm_up:
        threading.Thread(target=_warm_up, args=(config.freeze_after_warm_up,), name="warm-up", daemon=True).start()
    logging.getLogger(__name__).debug("app ready on data dir %s", config.data_dir)
    return app


def _install_timing(app: Flask) -> None:
    """`Server-Timing: app;dur=…, cpu;dur=…` on every answer: the milliseconds from the first
    request hook to the answer, and the CPU time the serving thread spent on it (browser devtools
    show both; the load benchmark reads them). Installed before the gate, so refusals carry it too."""
    @app.before_request
    def start_clock():
        g.clock = (time.perf_counter(), time.thread_time())

    @app.after_request
    def server_timing(response):
        if clock := g.get("clock"):
            wall, cpu = time.perf_counter() - clock[0], time.thread_time() - clock[1]
            response.headers["Server-Timing"] = f"app;dur={wall * 1000:.2f}, cpu;dur={cpu * 1000:.2f}"
        return response


def _warm_up(freeze: bool = False) -> None:
    """Load what the first /assist needs (the language model takes about a second) after the
    server already answers, so start-up stays fast and the first seller click too.

    With `freeze`, everything loaded so far (lexicons and their indexes, the language model,
    templates, the case index: some 80,000 objects that live as long as the server) is then
    frozen out of the cyclic garbage collector: a full collection over them took 30-50 ms,
    every thread waiting, and came back every few thousand requests."""
    from .services.language import warm
    from .services.lexicon import GROUPS, _index, lexicons
    from .services.policies import registry
    from .services.replies import catalog

    try:
        registry()
        lexicons()
        for group in GROUPS:
            _index(group)
        catalog()
        warm()
    except Exception:  # noqa: BLE001 - a failed warm-up only makes the first request slower
        logging.getLogger(__name__).exception("warm-up failed; loading on first use instead")
    if freeze:
        gc.collect()
        gc.freeze()
