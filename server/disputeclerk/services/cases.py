"""Cases: naming them, filing scraped context under them, listing and updating them."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import ApiError
from ..storage import CaseNotFound, Store
from .deadlines import refresh

CASE_ID = re.compile(r"^[a-z_]{2,20}-[A-Za-z0-9._-]{1,120}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def case_id_for(platform: str, order_id: str | None, dispute_id: str | None) -> str:
    """platform + order id (else dispute id): every page of one order lands in one case."""
    ref = (order_id or "").strip() or (dispute_id or "").strip()
    slug = re.sub(r"_+", "_", re.sub(r"\.{2,}", "_", _UNSAFE.sub("_", ref))).strip("._-")[:120] or "unnamed"
    return f"{platform}-{slug}"


def check_case_id(case_id: str) -> str:
    if not CASE_ID.match(case_id) or ".." in case_id:
        raise ApiError("case_not_found", 404, "There is no case with that id.")
    return case_id


def merge_known(old: Any, new: Any) -> Any:
    """Merge a newly scraped value into what is stored, never erasing a known value with a blank.

    A message page that shows no order total must not wipe the total an order page gave.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            if is_blank(value):
                continue
            merged[key] = merge_known(old.get(key), value)
        return merged
    return old if is_blank(new) else new


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def get_case(store: Store, case_id: str) -> dict[str, Any]:
    try:
        return store.get_case(check_case_id(case_id))
    except CaseNotFound:
        raise ApiError("case_not_found", 404, "There is no case with that id.") from None


def require_case(store: Store, case_id: str) -> str:
    get_case(store, case_id)
    return case_id


def list_cases(store: Store, *, status: str | None = None, platform: str | None = None,
               due_within_hours: float | None = None, q: str | None = None, limit: int = 500,
               now: datetime | None = None) -> dict[str, Any]:
    """Open cases nearest deadline first, then open cases with no known deadline (newest first), then
    closed cases in the same order."""
    now = now or datetime.now(timezone.utc)
    horizon = (now + timedelta(hours=due_within_hours)).strftime("%Y-%m-%dT%H:%M:%SZ") \
        if due_within_hours is not None else None
    needle = (q or "").strip().lower()
    rows = []
    for row in store.list_cases():
        if status and row.get("status") != status:
            continue
        if platform and row.get("platform") != platform:
            continue
        if horizon is not None and not (row.get("next_due_at") and row["next_due_at"] <= horizon):
            continue
        if needle and not any(needle in str(row.get(k) or "").lower()
                              for k in ("case_id", "order_id", "dispute_id", "buyer_name")):
            continue
        rows.append(row)
    rows.sort(key=lambda r: r.get("created_at") or "", reverse=True)
    # Open cases first: a closed case's last deadline no longer burns.
    rows.sort(key=lambda r: (r.get("status") not in (None, "open"), r.get("next_due_at") is None,
                             r.get("next_due_at") or ""))
    return {"cases": rows[:limit], "total": len(rows)}


def case_detail(store: Store, case_id: str, *, verify: bool = True) -> dict[str, Any]:
    """The case with its timeline; `verify` re-hashes every stored blob (None when skipped)."""
    doc = get_case(store, case_id)
    timeline = [timeline_entry(record) for record in store.log_records(case_id)]
    now = datetime.now(timezone.utc)
    deadlines = [refresh(deadline, now) for deadline in doc.get("deadlines") or []]
    return {"replies_used": [], **doc, "deadlines": deadlines, "timeline": timeline,
            "verify": store.verify(case_id) if verify else None}


def timeline_entry(record: dict[str, Any]) -> dict[str, Any]:
    entry = {"index": record["index"], "kind": record["kind"], "hash": record["hash"],
             "received_at": record["meta"].get("received_at")}
    if record["kind"] == "message":
        entry.update(record["content"], message_id=record["meta"].get("message_id"))
    else:
        meta = record["meta"]
        entry.update({k: meta.get(k) for k in ("evidence_id", "kind", "url", "title", "captured_at", "parts")},
                     kind="evidence", evidence_kind=meta.get("kind"))
    return entry


# A case keeps the last this many template uses; the outcome counts need only which ones.
REPLIES_USED_KEPT = 200


def record_reply_use(store: Store, case_id: str, use: dict[str, Any]) -> dict[str, Any]:
    """Remember that the seller filled or copied a suggested template into a reply."""
    get_case(store, case_id)
    entry = {"template_id": use["template_id"], "action": use["action"],
             **{k: use.get(k) for k in ("stage", "language", "tone")},
             "at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}

    def appended(current: dict[str, Any]) -> dict[str, Any]:
        return {"replies_used": ((current.get("replies_used") or []) + [entry])[-REPLIES_USED_KEPT:]}

    doc, _ = store.save_case(case_id, appended)
    return {"recorded": True, "replies_used": len(doc["replies_used"])}


OUTCOME_STATUSES = ("open", "resolved", "won", "lost")


def outcomes(store: Store) -> dict[str, Any]:
    """Per platform and dispute type: how cases ended, and the templates used in them."""
    def counts() -> dict[str, int]:
        return {"total": 0, **{status: 0 for status in OUTCOME_STATUSES}}

    groups: dict[tuple[str, str], dict[str, Any]] = {}
    totals = counts()
    for row in store.list_cases():
        status = row.get("status") if row.get("status") in OUTCOME_STATUSES else "open"
        key = (row.get("platform") or "", row.get("dispute_type") or "other")
        group = groups.setdefault(key, {"platform": key[0], "dispute_type": key[1], **counts(), "templates": {}})
        for bucket in (totals, group):
            bucket["total"] += 1
            bucket[status] += 1
        for template_id in row.get("templates_used") or []:
            template = group["templates"].setdefault(template_id, {"template_id": template_id, "cases": 0,
                                                                   **{s: 0 for s in OUTCOME_STATUSES}})
            template["cases"] += 1
            template[status] += 1
    ordered = sorted(groups.values(), key=lambda g: (-g["total"], g["platform"], g["dispute_type"]))
    for group in ordered:
        group["templates"] = sorted(group["templates"].values(),
                                    key=lambda t: (-t["won"], -t["cases"], t["template_id"]))
    return {"groups": ordered, "totals": totals}


def update_case(store: Store, case_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    doc = get_case(store, case_id)
    fields = dict(patch)
    if "status" in fields and fields["status"] != doc.get("status"):
        fields["outcome_at"] = None if fields["status"] == "open" else \
            datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    store.save_case(case_id, fields)
    return case_detail(store, case_id)
