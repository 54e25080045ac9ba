"""How a URL maps to a file of a mirror folder, and back. Used by the server and generator.

A request for ``http(s)://<host>/<path>?<query>`` is served from the file
``<mirror>/<host>/<path>`` when there is no query, and ``<mirror>/<host>/<path>?<query>``
otherwise, where ``?`` and the other characters some file systems refuse
(``\\ : * " < > |``) are written ``%XX``. A path ending in ``/`` (or naming a folder) is
served from ``index.html`` inside it. Examples::

    http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te
        -> hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te
    http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2
        -> hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te%3Fpage=2
    http://hanoimoi.com.vn/
        -> hanoimoi.com.vn/index.html
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_UNSAFE = re.compile(r'[?\\:*"<>|%]')


def _escape(name: str) -> str:
    return _UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", name)


def relative_file(host: str, path: str, query: str = "") -> str | None:
    """The mirror-relative file for a host, a raw (%-encoded) path and a raw query.

    Returns None for paths that try to leave the folder (``..``, NUL, backslashes).
    """
    decoded = unquote(path or "/")
    if "\x00" in decoded or "\\" in decoded:
        return None
    segments = decoded.split("/")
    if any(segment in ("..", ".") for segment in segments):
        return None
    name = "/".join(_escape(segment) for segment in segments if segment)
    if decoded.endswith("/") or not name:
        name = posixpath.join(name, "index.html")
    if query:
        name += _escape("?" + query)
    host = host.casefold()
    if not host or "/" in host or host in (".", ".."):
        return None
    return f"{host}/{name}"


def file_for_url(url: str) -> str | None:
    """The mirror-relative file that serves a site URL (``http://host/a?b``)."""
    parts = urlsplit(url)
    return relative_file(parts.netloc, parts.path, parts.query)


def resolve_file(root: Path, raw_path: str) -> Path | None:
    """The file under ``root`` (resolved) that answers a mirror request path
    (``/<host>/<path>?<query>``), or None: missing, or outside the folder by ``..``, an
    absolute path or a symlink. A ``www.`` host falls back to the bare host's folder."""
    parts = urlsplit(raw_path)
    host, _, rest = parts.path.lstrip("/").partition("/")
    for candidate_host in (host, host.removeprefix("www.")):
        rel = relative_file(candidate_host, "/" + rest, parts.query)
        found = _inside(root, rel) if rel else None
        if found is not None:
            return found
    return None


def _inside(root: Path, rel: str) -> Path | None:
    path = (root / rel).resolve()
    if path.is_dir():
        path = (path / "index.html").resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
