"""Shared fixtures: a real `disputeclerk serve` process on a temporary data dir."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Hypothesis: "quick" keeps the property tests (tests/engine/test_properties.py) near 30 s in the
# default run; HYPOTHESIS_PROFILE=thorough runs twenty times as many examples. Tests that set
# their own max_examples keep it. No deadline: a slow example on a busy machine is not a bug.
settings.register_profile("quick", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=4000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(autouse=True, scope="module")
def hypothesis_prints_failing_examples(request):
    """schemathesis's pytest plugin swaps hypothesis's printer for one that prints nothing (a
    speed-up for its own tests), which leaves every property test's failing example blank
    ("x=,"). Modules that do not use schemathesis get the real printer back."""
    if "schemathesis" in vars(request.module):
        yield
        return
    import hypothesis.core
    from hypothesis.vendor.pretty import RepresentationPrinter

    swapped = hypothesis.core.RepresentationPrinter
    hypothesis.core.RepresentationPrinter = RepresentationPrinter
    try:
        yield
    finally:
        hypothesis.core.RepresentationPrinter = swapped


class LiveServer:
    """`disputeclerk serve --port 0` in a subprocess, with what it printed."""

    def __init__(self, data_dir: Path, *extra_args: str) -> None:
        self.data_dir = Path(data_dir)
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.port = 0
        self.pairing_code = ""
        self.output: list[str] = []
        self.python = sys.executable
        self.stderr_path: Path | None = None   # set it to keep the server's log (else discarded)

    def start(self, timeout: float = 20.0) -> "LiveServer":
        self.output = []
        with open(self.stderr_path, "ab") if self.stderr_path else open(os.devnull, "wb") as stderr:
            self.proc = subprocess.Popen(
                [self.python, "-m", "disputeclerk", "serve", "--port", "0", "--data-dir", str(self.data_dir),
                 *self.extra_args],
                stdout=subprocess.PIPE, stderr=stderr, text=True, bufsize=1,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                log = self.stderr_path.read_text(errors="replace")[-3000:] if self.stderr_path else ""
                raise RuntimeError(f"server exited early (code {self.proc.wait()}): {''.join(self.output)}{log}")
            self.output.append(line)
            if match := re.search(r"running at (http://\S+)", line):
                self.url = match.group(1)
                self.port = int(self.url.rsplit(":", 1)[1])
            if match := re.search(r"Pairing code: (\d{6})", line):
                self.pairing_code = match.group(1)
            if line.startswith("Stop with Ctrl-C"):
                return self
        raise RuntimeError("server did not start in time")

    @property
    def token(self) -> str:
        return json.loads((self.data_dir / "secrets.json").read_text())["token"]

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra}

    def call(self, method: str, path: str, *, auth: bool = True, **kwargs) -> requests.Response:
        headers = self.headers() if auth else {}
        headers.update(kwargs.pop("headers", {}))
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        if self.proc.stdout:
            self.output.extend(self.proc.stdout.readlines())
            self.proc.stdout.close()
        self.proc = None
        return code

    def kill9(self) -> None:
        self.stop(signal.SIGKILL)


@pytest.fixture
def live_server(tmp_path):
    server = LiveServer(tmp_path / "data").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole run: a second sync_playwright() started while the first
    one's event loop runs fails ("Sync API inside the asyncio loop"). Browser fixtures launch from it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def run_cli(*args: str, data_dir: Path, timeout: float = 60,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `disputeclerk ARGS --data-dir DIR` the way a seller would (`env` adds to the environment)."""
    return subprocess.run([sys.executable, "-m", "disputeclerk", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **env} if env else None)


# ------------------------------------------------------------------ browser gate
# CI sets DISPUTECLERK_REQUIRE_BROWSER=1: there a skipped (or absent) browser test is a
# failing one, because the extension is only proven in real Chromium.
_browser_outcomes: dict[str, int] = {"passed": 0, "skipped": 0, "failed": 0}


def pytest_runtest_logreport(report):
    if "browser" in report.keywords and (report.when == "call" or report.skipped):
        _browser_outcomes[report.outcome] = _browser_outcomes.get(report.outcome, 0) + 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("DISPUTECLERK_REQUIRE_BROWSER") != "1":
        return
    if _browser_outcomes["skipped"] or not _browser_outcomes["passed"]:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"browser tests required but {_browser_outcomes['skipped']} skipped, "
            f"{_browser_outcomes['passed']} passed: failing the run", red=True)
        session.exitstatus = 1
