"""Output files written whole: the one way hnmcrawler replaces a file a reader may be reading.

``replacing(path)`` yields a file of its own beside ``path`` (``.NAME.<pid>.partial``: a hidden
name node_exporter's textfile collector skips); when the block ends without an error it is
fsynced and renamed over ``path``, so a reader sees the old file or the whole new one, never
half; on an error it is removed and ``path`` is left as it was. A target that is no regular
file (``/dev/stdout``, a FIFO, ``/dev/null``: ``is_special``) is written straight to, never
replaced, and a write that fails there fails all the same. ``check_writable`` asks, before
a crawl or an export starts, whether an output can be written at all. Used by the crawl report
(``extensions/health.py``), the feed (``commands/feedfile.py``), the export
(``commands/store.py``), the metrics (``monitoring/metrics.py``) and the coverage page.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hnmcrawler.exceptions import OutputError

DESCRIPTORS = ("/proc/", "/dev/fd/", "/dev/stdout", "/dev/stderr")
"""Paths that name a process's descriptor, whatever it is open on (a file when redirected)."""


def is_special(path: Path) -> bool:
    """Whether ``path`` exists and is no regular file (a device, a FIFO, a socket, with
    symlinks followed) or names a descriptor (``DESCRIPTORS``): written straight to, never
    renamed over (that would put a file in the place of ``/dev/full``).

    >>> is_special(Path("/dev/null")), is_special(Path("/etc/hostname"))
    (True, False)
    """
    if str(path.absolute()).startswith(DESCRIPTORS):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:  # absent (or unreadable: the write will say)
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The path to write instead of ``path``; put in place whole when the block succeeds.
    A special ``path`` (``is_special``) is itself the path to write."""
    if is_special(path):
        yield path
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield aside
        fd = os.open(aside, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(aside, path)
    finally:
        aside.unlink(missing_ok=True)


def replace_text(path: Path, text: str) -> None:
    """``text`` (UTF-8) in place of ``path``'s content, whole (``replacing``)."""
    with replacing(path) as aside:
        aside.write_text(text, encoding="utf-8")


def check_writable(path: Path) -> None:
    """``OutputError`` unless ``path`` can be created or written (its folder made if needed).

    A path not there yet is probed with a file of this process's own beside it, never with
    the path itself: other processes may check or write the same path at the same moment
    (``crawl --workers`` share the dead-letter file), and a probe made and removed under that
    name lost the race to one of them (exit 4) or could remove the lines it had written."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            if not os.access(path, os.W_OK):
                raise PermissionError(13, "Permission denied")
        else:
            probe = path.parent / f".hnm-probe-{os.getpid()}-{secrets.token_hex(4)}"
            probe.touch(exist_ok=False)
            probe.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
