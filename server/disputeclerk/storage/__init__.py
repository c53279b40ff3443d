"""Persistence: TinyDB behind one lock, atomic durable files, content-addressed evidence."""
from .store import CaseNotFound, EvidenceNotFound, EvidencePart, Store, utc_now_iso
from .tinystore import ReadOnlyStoreError

__all__ = ["CaseNotFound", "EvidenceNotFound", "EvidencePart", "ReadOnlyStoreError", "Store", "utc_now_iso"]
