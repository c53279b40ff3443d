"""The API token and the extension origins that paired, in one small private file."""
from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path

from .atomic import write_atomic


class SecretsFile:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            self._data = {}
        if not self._data.get("token"):
            if read_only:
                raise FileNotFoundError(f"no token yet in {path}; start the server once")
            self._data = {"token": secrets.token_urlsafe(32), "paired_origins": []}
            self._save()

    @property
    def token(self) -> str:
        return self._data["token"]

    @property
    def paired_origins(self) -> frozenset[str]:
        return frozenset(self._data.get("paired_origins", []))

    def add_paired_origin(self, origin: str) -> None:
        with self._lock:
            if origin in self._data.setdefault("paired_origins", []):
                return
            self._data["paired_origins"].append(origin)
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(self._data, indent=2).encode("utf-8"), mode=0o600)
