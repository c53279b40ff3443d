"""What every benchmark shares: result rows, percentiles, scratch folders, server helpers."""
from __future__ import annotations

import contextlib
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# Set by __main__ from --data-root / --keep.
SETTINGS = {"data_root": RESULTS_DIR, "keep": False}


def log(message: str) -> None:
    """Progress goes to stderr so stdout holds only the report."""
    print(f"  .. {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ results
@dataclass
class Goal:
    """`on="ratio"`: value/reference must be <= limit; `on="value"`: value must be <= limit (row's unit)."""
    limit: float
    on: str = "ratio"

    def text(self, unit: str) -> str:
        return f"ratio <= {self.limit:g}" if self.on == "ratio" else f"<= {self.limit:g} {unit}"


@dataclass
class Row:
    name: str
    value: float | None
    unit: str
    reference: float | None = None
    reference_label: str = ""      # what the reference is, printed under the table
    goal: Goal | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    benchmark: str = ""            # filled in by the runner

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.reference:
            return None
        return self.value / self.reference

    @property
    def result(self) -> str:
        if self.goal is None:
            return "info"
        measured = self.ratio if self.goal.on == "ratio" else self.value
        if measured is None:
            return "n/a"
        return "PASS" if measured <= self.goal.limit else "FAIL"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["goal"] = ({"limit": self.goal.limit, "on": self.goal.on, "text": self.goal.text(self.unit)}
                        if self.goal else None)
        data["ratio"] = self.ratio
        data["result"] = self.result
        return data


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(samples: list[float]) -> dict[str, Any]:
    """Samples are seconds; the summary is in milliseconds."""
    ms = [s * 1000 for s in samples]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": percentile(ms, 95),
            "min_ms": min(ms), "max_ms": max(ms), "mean_ms": statistics.fmean(ms),
            "samples_ms": [round(v, 3) for v in ms]}


# ------------------------------------------------------------------ scratch
@contextlib.contextmanager
def scratch(name: str) -> Iterator[Path]:
    """A fresh folder on the data root's file system (not /tmp: it may be tmpfs), removed afterwards."""
    root = Path(SETTINGS["data_root"])
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"scratch-{name}-", dir=root))
    try:
        yield path
    finally:
        if SETTINGS["keep"]:
            log(f"kept scratch data in {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def same_device(*paths: Path) -> bool:
    return len({os.stat(p).st_dev for p in paths}) == 1


@contextlib.contextmanager
def fsync_disabled() -> Iterator[None]:
    """Skip fsync in this process (for seeding fixtures only: the bytes written are the same)."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real
        os.sync()


# ------------------------------------------------------------------ servers
def rss_mb(pid: int) -> dict[str, float] | None:
    """VmRSS and VmHWM (peak) of a process, in MiB; None where /proc is missing."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    out = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(rest.split()[0]) / 1024
    return out


def timed_start(data_dir: Path, *extra_args: str):
    """Start `disputeclerk serve` and time Popen -> first 200 from /api/v1/health.

    Returns (LiveServer, timings in seconds: {"to_banner", "to_health"})."""
    import requests

    from tests.conftest import LiveServer

    server = LiveServer(data_dir, *extra_args)
    t0 = time.perf_counter()
    server.start(timeout=60)
    t_banner = time.perf_counter() - t0
    deadline = t0 + 60
    while True:
        try:
            if requests.get(server.url + "/api/v1/health", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.perf_counter() > deadline:
            server.stop()
            raise RuntimeError("server never answered /api/v1/health")
        time.sleep(0.002)
    return server, {"to_banner": t_banner, "to_health": time.perf_counter() - t0}
