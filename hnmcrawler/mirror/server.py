"""``hnmcrawler serve``: serve a mirror folder over HTTP on 127.0.0.1.

``GET /<host>/<path>?<query>`` answers the file ``paths.relative_file`` names, with a
Content-Type from the extension or, for the site's extension-less URLs, from the first
bytes (HTML, JSON, XML). Nothing outside the folder is ever served: ``..`` in any encoding,
absolute paths and symlinks that lead out all answer 404. Every request path is counted in
``MirrorServer.requests`` so tests can check what a crawl fetched.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import socket
import struct
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hnmcrawler.mirror.challenges import challenge_for
from hnmcrawler.mirror.faults import FaultPlan
from hnmcrawler.mirror.paths import resolve_file

logger = logging.getLogger(__name__)
REDIRECTED = "hnm_redirected="

_SNIFF: tuple[tuple[bytes, str], ...] = (
    (b"{", "application/json"),
    (b"[", "application/json"),
    (b"<?xml", "application/xml"),
    (b"<rss", "application/rss+xml"),
    (b"<urlset", "application/xml"),
    (b"<sitemapindex", "application/xml"),
)


def content_type(path: Path, head: bytes) -> str:
    """The Content-Type to send for a file, from its extension or its first bytes."""
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed and path.suffix not in ("", ".vn"):
        kind = guessed
    else:
        start = head.lstrip()
        kind = next((k for prefix, k in _SNIFF if start.startswith(prefix)), "text/html")
    return f"{kind}; charset=utf-8" if kind.startswith(("text/", "application/")) else kind


class MirrorServer(ThreadingHTTPServer):
    """A threaded HTTP server for one mirror folder; ``requests`` counts paths served."""

    daemon_threads = True

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 0, faults: FaultPlan | None = None
    ) -> None:
        self.root = root.resolve()
        self.faults = faults or FaultPlan()
        self.requests: Counter[str] = Counter()
        # Test hooks: statuses to answer for a request path before serving it normally, the
        # Content-Type to send for a path (a charset the site declares, a binary answer), and
        # a delay before every answer (an I/O-bound site, a crawl slow enough to interrupt).
        self.scripted: dict[str, list[int]] = {}
        self.locations: dict[str, str] = {}  # Location header of a scripted 30x, by path
        self.content_types: dict[str, str] = {}  # Content-Type to send instead, by path
        self.delay = 0.0
        self._lock = threading.Lock()
        super().__init__((host, port), MirrorRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def count(self, path: str) -> tuple[int, int | None]:
        """Log a request: its attempt number for this path, and a scripted status, if any."""
        with self._lock:
            self.requests[path] += 1
            script = self.scripted.get(path)
            return self.requests[path], script.pop(0) if script else None

    def resolve(self, raw_path: str) -> Path | None:
        """The file under ``root`` that answers a request path, or None."""
        return resolve_file(self.root, raw_path)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (as crawlers do on timeouts) is not a server error."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            logger.debug("mirror: client %(client)s went away", {"client": client_address})
            return
        super().handle_error(request, client_address)

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="mirror", daemon=True
        )
        thread.start()
        return thread


class MirrorRequestHandler(BaseHTTPRequestHandler):
    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        if REDIRECTED in self.path:  # the second step of a "redirect" fault: back to the page
            self._redirect(self.path.split(REDIRECTED)[0].rstrip("?&"))
            return
        attempt, scripted = self.server.count(self.path)
        if scripted is not None:
            location = self.server.locations.get(self.path)
            headers = {"Location": location} if location else None
            self._send(HTTPStatus(scripted), b"scripted\n", "text/plain", with_body, headers)
            return
        fault = self.server.faults.pick(self.path, attempt)
        if fault is not None and self._fault(fault, attempt, with_body):
            return
        path = self.server.resolve(self.path)
        if path is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", with_body)
            return
        data = path.read_bytes()
        kind = self.server.content_types.get(self.path) or content_type(path, data[:64])
        if fault == "ctype":
            kind = "application/octet-stream"
        elif fault == "charset" and kind.startswith("text/html"):
            kind = "text/html; charset=iso-8859-1"
        self._send(HTTPStatus.OK, data, kind, with_body, truncate=fault == "truncate")

    def _fault(self, fault: str, attempt: int, with_body: bool) -> bool:
        """Answer with a fault; False for faults that change how the page itself is sent."""
        if fault in ("500", "502", "503", "429", "403"):
            headers = {"Retry-After": "1"} if fault == "429" or attempt % 2 else {}
            self._send(HTTPStatus(int(fault)), b"fault\n", "text/plain", with_body, headers)
        elif fault == "slow":
            time.sleep(self.server.faults.slow)
            return False
        elif fault == "reset":
            self._reset()
        elif fault == "empty":
            self._send(HTTPStatus.OK, b"", "text/html; charset=utf-8", with_body)
        elif fault == "redirect":
            self._redirect(self.path + ("&" if "?" in self.path else "?") + REDIRECTED + "1")
        elif fault == "challenge":
            page = challenge_for(self.path, attempt)
            data, kind = page.body.encode("utf-8"), "text/html; charset=utf-8"
            self._send(HTTPStatus(page.status), data, kind, with_body, page.headers)
        else:
            return False
        return True

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _reset(self) -> None:
        """Close the connection at once, with a TCP reset and no answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        with_body: bool,
        headers: dict[str, str] | None = None,
        *,
        truncate: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(data[: len(data) // 2] if truncate else data)
        if truncate:
            self.wfile.flush()
            self._reset()

    def log_message(self, format: str, *args: object) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("mirror: %(line)s", {"line": format % args})


def serve(
    root: Path, port: int = 8080, host: str = "127.0.0.1", faults: FaultPlan | None = None
) -> None:
    """Serve ``root`` until interrupted (the ``hnmcrawler serve`` command)."""
    with MirrorServer(root, host, port, faults) as server:
        print(f"Serving {root} at {server.url}/<host>/<path> (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
