"""The engine's requests take turns: one at a time, in the order they came.

CPython runs one thread's Python code at a time (the GIL) and, while several threads are busy,
switches between them every 5 ms. /assist, /classify and /lint are CPU work from start to end,
so eight of them started together all advance a slice at a time and all finish late: a request
with a new buyer message needs about 5 ms of CPU and took 50-80 ms at eight clients, sharing the
interpreter with seven others the whole way. Taken in turn, each waits for the ones before it
and then runs alone: at eight clients the slowest 1 % took about half as long (the load
benchmark, README), at the price of a few milliseconds more for the typical one. One client, as
a seller with one browser is, never waits.

Only the engine's requests take turns. Uploads, downloads, exports, verify and the case list
run beside them in their own threads, as before: a long export never holds up /assist.
"""
from __future__ import annotations

import threading
from collections import deque

ENGINE_PATHS = frozenset({"/api/v1/assist", "/api/v1/classify", "/api/v1/lint"})


class Turns:
    """A first-come, first-served lock: the holder hands it straight to the longest waiter
    (a plain threading.Lock lets a newcomer barge ahead of threads already waiting)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._busy = False
        self._waiting: deque[threading.Lock] = deque()

    def __enter__(self) -> "Turns":
        with self._guard:
            if not self._busy:
                self._busy = True
                return self
            ticket = threading.Lock()
            ticket.acquire()
            self._waiting.append(ticket)
        ticket.acquire()            # released by the thread before us: the turn is ours
        return self

    def __exit__(self, *exc) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()    # still busy: handed over
            else:
                self._busy = False

    def waiting(self) -> int:
        with self._guard:
            return len(self._waiting)


def take_turns(wsgi_app, turns: Turns, paths: frozenset[str] = ENGINE_PATHS):
    """WSGI middleware: POST requests to `paths` run `wsgi_app` in their turn (request parsing,
    the work and the answer's encoding; the answer is sent after the turn is passed on)."""
    def app(environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") in paths:
            with turns:
                return wsgi_app(environ, start_response)
        return wsgi_app(environ, start_response)
    app.turns = turns
    return app
