"""Durable file writes: a 200 on a write means the bytes survive kill -9 and a power cut.

Every file the server owns is written the same way: a temporary file in the same
directory, fsync, rename over the target, fsync the directory. A reader therefore
sees either the old file or the new one, never a torn mix.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

try:
    import fcntl
except ImportError:                  # Windows: os.fsync is _commit, which flushes to the disk
    fcntl = None

# macOS: fsync(2) hands the data to the drive, whose cache can still lose it in a power cut;
# Apple's man page points to the F_FULLFSYNC fcntl for "tighter guarantees". Elsewhere None.
_FULLFSYNC = getattr(fcntl, "F_FULLFSYNC", None)

# On platforms without O_DIRECTORY (Windows) a directory cannot be fsynced; the rename
# itself is the best that platform offers.
_DIR_FSYNC = hasattr(os, "O_DIRECTORY")


def flush_to_disk(fd: int) -> None:
    """fsync, or on macOS F_FULLFSYNC (falling back to fsync where the file system refuses it)."""
    if _FULLFSYNC is not None:
        try:
            fcntl.fcntl(fd, _FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in `path` durable."""
    if not _DIR_FSYNC:
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flush_to_disk(fd)
    finally:
        os.close(fd)


def write_temp(directory: Path, data: bytes, *, name: str = "", mode: int = 0o600) -> Path:
    """Write `data` to a new temp file in `directory` and fsync it; returns its path. The name
    (`.<name>.<random>.tmp`) is one `remove_stale_temp_files` sweeps if a kill leaves it."""
    tmp = directory / f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        flush_to_disk(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def write_atomic(path: Path, data: bytes, *, sync_dir: bool = True, mode: int = 0o600) -> None:
    """Write `data` to `path` atomically and durably.

    `sync_dir=False` lets a caller that writes several files into one directory fsync
    that directory once at the end (see `fsync_dir`).
    """
    tmp = write_temp(path.parent, data, name=path.name, mode=mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_dir:
        fsync_dir(path.parent)


def remove_stale_temp_files(directory: Path) -> int:
    """Delete temp files left by a crash between write and rename; returns how many."""
    removed = 0
    if not directory.is_dir():
        return 0
    for entry in os.scandir(directory):
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
            os.unlink(entry.path)
            removed += 1
    return removed
