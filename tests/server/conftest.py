"""A real server per test module (a module may define its own `server` with other options)."""
from __future__ import annotations

import pytest

from ..conftest import LiveServer


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]) / "data").start()
    yield live
    live.stop()
