"""Appending lines to a JSON Lines file so a crash never leaves a line half-written.

``deadletter.DeadLetterFile`` and ``quarantine.QuarantineFile`` call ``append_lines`` from the
store writer's thread (``writer.py``) and from ``deadletter.replay``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def append_lines(path: Path, lines: Sequence[str]) -> None:
    """Append ``lines`` (each ending in a newline) in one write, fsynced; a torn last line left
    by a writer that died is closed off first. Creates the folder; ``OSError`` if it cannot."""
    if not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(lines).encode("utf-8")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        if _ends_torn(fd):
            data = b"\n" + data
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _ends_torn(fd: int) -> bool:
    """True when the file's last byte is not a newline (a writer died mid-line)."""
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"
