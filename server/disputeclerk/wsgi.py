"""Waitress wiring: the production WSGI server, with waitress's own errors in our envelope.

Waitress answers some requests itself, before the app sees them (a body over its limit,
a malformed request line, a bad chunked encoding), in plain text. The contract says every
error is JSON, so its error task is swapped for one that writes the same envelope.
"""
from __future__ import annotations

import json
import socket

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from .errors import HTTP_CODES
from .memory import RECV_BYTES


class JsonErrorTask(ErrorTask):
    def execute(self):
        error = self.request.error
        status = int(error.code)
        body = json.dumps({"error": {"code": HTTP_CODES.get(status, f"http_{status}"),
                                     "message": error.reason, "fields": {}}}).encode()
        self.status = f"{status} {error.reason}"
        self.response_headers.extend([("Content-Type", "application/json"),
                                      ("X-Content-Type-Options", "nosniff")])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    error_task_class = JsonErrorTask


def make_server(app, sock: socket.socket, *, threads: int, max_body_bytes: int):
    server = waitress.create_server(
        app, sockets=[sock], threads=threads, ident="DisputeClerk",
        # The app refuses bodies over the limit itself; waitress's own ceiling sits above
        # it only to stop a runaway upload before it is buffered whole.
        max_request_body_size=max_body_bytes + 2**20,
        # Snapshots are megabytes: read them in gulps just under malloc's mmap threshold (not
        # 8 KiB; see memory.py) and keep bodies up to 8 MiB in memory instead of spooling them
        # to a temp file first.
        recv_bytes=RECV_BYTES,
        inbuf_overflow=8 * 2**20,
        clear_untrusted_proxy_headers=True,
    )
    server.channel_class = JsonErrorChannel
    return server
