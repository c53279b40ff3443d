"""A TinyDB storage that writes atomically and keeps the parsed file in memory.

TinyDB's stock JSONStorage truncates and rewrites its file in place, so a crash in the
middle of a write leaves a torn, unreadable database. This storage writes every change
with `write_atomic` and serves reads from memory (TinyDB reads the whole file before
every query otherwise). One stat per read notices a file changed behind its back (another
process, or someone editing evidence by hand), so what verify sees is what is on disk.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .atomic import write_atomic


class ReadOnlyStoreError(RuntimeError):
    """A write was attempted through a store opened read-only (the CLI beside a server)."""


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None

    def _stat_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def read(self) -> dict[str, Any] | None:
        signature = self._stat_signature()
        if signature is None:
            self._cache = self._signature = None
            return None
        if self._cache is None or signature != self._signature:
            raw = self.path.read_bytes()
            self._cache = json.loads(raw) if raw else None
            self._signature = signature
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.path} is open read-only")
        try:
            encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            write_atomic(self.path, encoded)
        except BaseException:
            # TinyDB mutated the cached dict before calling write; forget it so the next
            # read comes from what is really on disk (a value that does not encode, too).
            self._cache = self._signature = None
            raise
        self._cache, self._signature = data, self._stat_signature()

    def close(self) -> None:
        self._cache = self._signature = None
