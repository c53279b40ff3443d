"""Whatever a page sends, the engine answers: never an exception, always a valid status."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disputeclerk.schemas import PAGE_TYPES, PLATFORMS
from disputeclerk.services.deadlines import compute_deadlines
from disputeclerk.services.policies import registry

texts = st.one_of(st.none(), st.text(max_size=80),
                  st.sampled_from(["2026-11-21T08:00:00Z", "Nov 3, 2026 8:12 PST", "2026年11月4日 09:30",
                                   "4 days 23:12:05", "剩余3天4小时", "32/13/2026", "00:00", "", "\u202e2026-01-01"]))
contexts = st.fixed_dictionaries({
    "platform": st.sampled_from(PLATFORMS),
    "page_type": st.one_of(st.none(), st.sampled_from(PAGE_TYPES)),
    "region": st.one_of(st.none(), st.sampled_from(["US", "GB", "CN", "BR", "AR", "SA", "XX", "GLOBAL"])),
    "captured_at": texts,
    "seller_timezone": st.one_of(st.none(), st.sampled_from(["Asia/Shanghai", "Mars/Base", "UTC", ""])),
    "order": st.fixed_dictionaries({"id": st.just("1"), "placed_at": texts, "paid_at": texts, "shipped_at": texts,
                                    "delivered_at": texts,
                                    "processing_days": st.one_of(st.none(), st.floats(0, 365))}),
    "dispute": st.fixed_dictionaries({"opened_at": texts}),
    "messages": st.lists(st.fixed_dictionaries({"sender": st.sampled_from(["buyer", "seller", "platform"]),
                                                "text": st.just("x"), "sent_at": texts}), max_size=6),
    "page_deadlines": st.lists(st.fixed_dictionaries({"label": texts, "text": st.text(max_size=40)}), max_size=3),
    "events": st.dictionaries(st.sampled_from(["return_received", "case_closed", "x"]), texts, max_size=2),
})


@settings(max_examples=300, deadline=None)
@given(contexts)
def test_any_context_gives_valid_deadlines(context):
    result = compute_deadlines(context, registry())
    for deadline in result["deadlines"]:
        assert deadline["status"] in ("ok", "soon", "urgent", "overdue", "unknown")
        assert (deadline["due_at"] is None) == (deadline["status"] == "unknown")
        if deadline["status"] == "unknown":
            assert deadline["missing"], deadline
    assert all(isinstance(w, str) for w in result["warnings"])
