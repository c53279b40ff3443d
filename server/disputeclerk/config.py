"""Server settings: one object, built by the CLI or by a test, passed to create_app."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "DisputeClerk"
API_VERSION = "v1"
DEFAULT_PORT = 8765
DEFAULT_MAX_BODY = 32 * 1024 * 1024

# The Chrome/Edge id fixed by the "key" in extension/manifest.json
# (id = first 32 hex digits of sha256(public key DER), digits mapped 0-f -> a-p).
EXTENSION_ID = "biddjklidklfiljgfiinohgcipmkfnlo"


def default_data_dir() -> Path:
    return Path(os.environ.get("DISPUTECLERK_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Config:
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    # The port the server really listens on; the Host check is built from it, so a
    # server started on port 0 sets it once the socket is bound.
    port: int = DEFAULT_PORT
    extension_ids: tuple[str, ...] = (EXTENSION_ID,)
    extra_hosts: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY
    seller_timezone: str | None = None
    pairing_ttl_seconds: int = 600
    pairing_max_tries: int = 5
    warm_up: bool = True
    # After the warm-up, move what it loaded out of the garbage collector's sight (gc.freeze):
    # `serve` sets it; tests that create many apps in one process leave it off.
    freeze_after_warm_up: bool = False

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Host header values accepted (DNS-rebinding defence), all lower case."""
        names = {"127.0.0.1", "localhost", "[::1]", *(h.lower() for h in self.extra_hosts)}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(self.host.lower() if ":" not in self.host else f"[{self.host.lower()}]")
        hosts = {f"{name}:{self.port}" for name in names}
        if self.port == 80:
            hosts |= names
        return frozenset(hosts)

    @property
    def own_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts)

    @property
    def extension_origins(self) -> frozenset[str]:
        return frozenset(origin for ext in self.extension_ids
                         for origin in (f"chrome-extension://{ext}", f"moz-extension://{ext}"))
