"""The engine's requests take turns (server/disputeclerk/turns.py): one at a time, first come
first served; every other request runs beside them."""
from __future__ import annotations

import threading
import time

from disputeclerk import Config, create_app
from disputeclerk.turns import ENGINE_PATHS, Turns, take_turns


def test_turns_are_taken_in_the_order_the_waiters_came():
    turns, entered = Turns(), []
    turns.__enter__()                       # the holder
    waiters = []
    for n in range(6):
        def wait(n=n):
            with turns:
                entered.append(n)
        thread = threading.Thread(target=wait, daemon=True)
        thread.start()
        waiters.append(thread)
        deadline = time.monotonic() + 10
        while turns.waiting() < n + 1:      # queued before the next one starts
            assert time.monotonic() < deadline
            time.sleep(0.001)
    turns.__exit__(None, None, None)
    for thread in waiters:
        thread.join(timeout=10)
    assert entered == [0, 1, 2, 3, 4, 5]
    assert turns.waiting() == 0
    with turns:                             # free again: no wait
        pass


class Recorder:
    """A WSGI app that notes how many requests are inside it at once."""

    def __init__(self, hold: float) -> None:
        self.hold, self.inside, self.most, self.lock = hold, 0, 0, threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(self.hold)
        with self.lock:
            self.inside -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]


def send_together(app, method: str, path: str, clients: int = 6) -> None:
    barrier = threading.Barrier(clients)

    def one():
        barrier.wait(timeout=10)
        assert b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path}, lambda *a: None)) == b"ok"

    threads = [threading.Thread(target=one, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def test_engine_requests_run_one_at_a_time_and_the_rest_side_by_side():
    for path in sorted(ENGINE_PATHS):
        inner = Recorder(hold=0.02)
        send_together(take_turns(inner, Turns()), "POST", path)
        assert inner.most == 1, path
    for method, path in (("GET", "/api/v1/health"), ("POST", "/api/v1/cases/x/evidence/upload"),
                         ("GET", "/api/v1/assist")):
        inner = Recorder(hold=0.2)
        send_together(take_turns(inner, Turns()), method, path)
        assert inner.most > 1, (method, path)


def test_the_server_takes_engine_requests_in_turn(tmp_path):
    """create_app installs the turns: while one /assist is inside the app, a second one waits and
    GET /health goes through."""
    app = create_app(Config(data_dir=tmp_path, warm_up=False))
    inner, gate = app.wsgi_app, threading.Event()
    inside = threading.Event()

    def holding(environ, start_response):      # stands for a long /assist inside its turn
        inside.set()
        assert gate.wait(timeout=30)
        start_response("200 OK", [])
        return [b"held"]

    held = take_turns(holding, inner.turns)        # the same turns as the server's own requests
    first = threading.Thread(target=lambda: b"".join(held({"REQUEST_METHOD": "POST",
                                                         "PATH_INFO": "/api/v1/assist"}, lambda *a: None)))
    first.start()
    assert inside.wait(timeout=10)
    client = app.test_client()
    answers = {}
    second = threading.Thread(target=lambda: answers.update(assist=client.post("/api/v1/assist", json={})))
    second.start()
    second.join(timeout=0.5)
    try:
        assert second.is_alive(), "a second /assist ran while the first held the engine"
        assert client.get("/api/v1/health").status_code in (200, 401, 403)   # not held up
    finally:
        gate.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert "assist" in answers
