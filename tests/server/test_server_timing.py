"""Every answer says how long the server spent on it (Server-Timing), refusals included."""
from __future__ import annotations

import re

TIMING = re.compile(r"^app;dur=(\d+\.\d{2}), cpu;dur=(\d+\.\d{2})$")


def durations(answer) -> tuple[float, float]:
    match = TIMING.match(answer.headers.get("Server-Timing", ""))
    assert match, answer.headers
    return float(match.group(1)), float(match.group(2))


def test_answers_carry_the_servers_wall_and_cpu_time(server):
    assert server.call("GET", "/api/v1/health", auth=False).status_code == 200
    answer = server.call("GET", "/api/v1/health", auth=False)
    durations(answer)
    page = {"platform": "ebay", "order": {"id": "12-34567-89012"},
            "messages": [{"from": "buyer", "text": "Where is my parcel?", "sent_at": "2026-11-20T10:00:00Z"}]}
    answer = server.call("POST", "/api/v1/assist", json=page)
    assert answer.status_code == 200
    wall, _ = durations(answer)
    assert wall > 0


def test_refused_and_failed_requests_carry_it_too(server):
    refused = server.call("GET", "/api/v1/cases", auth=False)
    assert refused.status_code == 401
    durations(refused)
    invalid = server.call("POST", "/api/v1/assist", json={"platform": "nowhere"})
    assert invalid.status_code == 422
    durations(invalid)
