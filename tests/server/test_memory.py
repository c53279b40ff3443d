"""The server's malloc settings for a flat resident memory (glibc)."""
from __future__ import annotations

import ctypes
import sys

import pytest

from disputeclerk.memory import limit_fragmentation


def glibc() -> bool:
    try:
        ctypes.CDLL(None).gnu_get_libc_version
    except (OSError, AttributeError):
        return False
    return sys.platform.startswith("linux")


@pytest.mark.skipif(not glibc(), reason="the settings are glibc's")
def test_two_arenas_and_a_fixed_mmap_threshold_unless_the_environment_says_otherwise():
    assert limit_fragmentation({}) == {"MALLOC_ARENA_MAX": 2, "MALLOC_MMAP_THRESHOLD_": 128 * 1024}
    assert limit_fragmentation({"MALLOC_ARENA_MAX": "8"}) == {"MALLOC_MMAP_THRESHOLD_": 128 * 1024}
    assert limit_fragmentation({"MALLOC_ARENA_MAX": "8", "MALLOC_MMAP_THRESHOLD_": "0"}) == {}


@pytest.mark.skipif(glibc(), reason="another C library")
def test_other_c_libraries_are_left_alone():
    assert limit_fragmentation({}) == {}
