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
def test_two_arenas_a_fixed_mmap_threshold_and_a_top_pad_unless_the_environment_says_otherwise():
    mine = {"MALLOC_ARENA_MAX": 2, "MALLOC_MMAP_THRESHOLD_": 128 * 1024, "MALLOC_TOP_PAD_": 4 * 2**20}
    assert limit_fragmentation({}) == mine
    assert limit_fragmentation({"MALLOC_ARENA_MAX": "8"}) == {k: v for k, v in mine.items() if k != "MALLOC_ARENA_MAX"}
    assert limit_fragmentation({"MALLOC_ARENA_MAX": "8", "MALLOC_MMAP_THRESHOLD_": "0", "MALLOC_TOP_PAD_": "0"}) == {}


def test_waitress_reads_bodies_in_pieces_under_the_mmap_threshold():
    """Each piece waitress reads is a new bytes object: at or over the threshold it would be an
    mmap of its own, faulted in and unmapped again (a 3.4 MB upload took 4-5x as long to receive)."""
    import socket

    from disputeclerk.memory import MMAP_THRESHOLD
    from disputeclerk.wsgi import make_server

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    server = make_server(lambda environ, start_response: [], sock, threads=1, max_body_bytes=2**20)
    try:
        assert 64 * 1024 <= server.adj.recv_bytes < MMAP_THRESHOLD
    finally:
        server.close()


@pytest.mark.skipif(glibc(), reason="another C library")
def test_other_c_libraries_are_left_alone():
    assert limit_fragmentation({}) == {}


def test_the_language_model_keeps_only_the_languages_replies_exist_in():
    """py3langid holds its whole model (142 languages, 28 MB) to widen a restricted one again;
    the server drops it and keeps the nine Latin-script languages it asks about."""
    from disputeclerk.services.language import LATIN_LANGUAGES, _langid, detect

    identifier = _langid()
    kept = identifier._full_model
    assert kept[0].shape[1] == len(kept[2]) == len(LATIN_LANGUAGES)
    assert sorted(set(kept[2])) == sorted(LATIN_LANGUAGES)
    assert detect("Olá, o rastreamento está parado há 15 dias e o pedido não chegou.").language == "pt"
    assert detect("Hola, el seguimiento dice que está en aduana desde hace un mes.").language == "es"


def _finish_warm_up() -> None:
    import threading

    for thread in threading.enumerate():
        if thread.name == "warm-up":
            thread.join(timeout=120)
            assert not thread.is_alive()


def test_serve_freezes_what_the_warm_up_loaded_out_of_the_garbage_collectors_sight(tmp_path):
    """`serve` freezes the lexicons, model, templates and case index after the warm-up (a full
    collection over them stalled every request for 30-50 ms); an app made without asking (as
    tests make many) freezes nothing."""
    import gc

    from disputeclerk import Config, create_app

    before = gc.get_freeze_count()
    create_app(Config(data_dir=tmp_path / "plain"))
    _finish_warm_up()
    assert gc.get_freeze_count() == before
    try:
        create_app(Config(data_dir=tmp_path / "served", freeze_after_warm_up=True))
        _finish_warm_up()
        assert gc.get_freeze_count() > before + 20_000
    finally:
        gc.unfreeze()
