"""Keep a long-running server's resident memory flat (glibc only).

glibc's malloc gives threads their own arenas (up to eight per core) and raises its mmap
threshold each time a large block is freed, so after the first megabyte upload, request bodies,
case files and images come from the arenas and leave them fragmented. Under the soak's mixed
traffic (8 clients, 1 MB screenshots, exports) the server's RSS grew about 4 MB a minute, though
the Python objects it held grew little. Two arenas and a fixed 128 KiB mmap threshold (a large
block goes back to the system when freed) keep it flat. But a fixed mmap threshold also fixes
the trim threshold at 128 KiB, so the heap was shrunk and grown again (page faults every time)
around each request: a 2 MB + 1 MB upload spent about 6 ms more in the app, and waitress took
7.8 ms instead of 1.7 ms to receive 3.4 MB in 256 KiB reads. A 4 MiB top pad (kept at the top of
the heap, at most that much per arena) and reads just under the mmap threshold (RECV_BYTES, used
by wsgi.py) take most of that back. `serve` applies this once, before any thread starts.
MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ or MALLOC_TOP_PAD_ set in the environment win; other C
libraries (macOS, Windows, musl) are left alone.
"""
from __future__ import annotations

import ctypes
import os
import sys
from typing import Mapping

M_TOP_PAD = -2             # mallopt parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024
TOP_PAD = 4 * 2**20
SETTINGS = (("MALLOC_ARENA_MAX", M_ARENA_MAX, 2), ("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            ("MALLOC_TOP_PAD_", M_TOP_PAD, TOP_PAD))
# Waitress reads request bodies in pieces of this size: under the mmap threshold, so that a piece
# is not an mmap, page faults and an munmap of its own.
RECV_BYTES = MMAP_THRESHOLD - 8 * 1024


def limit_fragmentation(environ: Mapping[str, str] = os.environ) -> dict[str, int]:
    """Apply the settings the environment does not already choose; returns those applied."""
    if not sys.platform.startswith("linux"):
        return {}
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version     # glibc's own: musl's mallopt does nothing
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return {}
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return {name: value for name, parameter, value in SETTINGS
            if name not in environ and mallopt(parameter, value) == 1}
