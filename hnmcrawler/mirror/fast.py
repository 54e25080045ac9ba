"""A fast mirror server for benchmarks: Twisted's event loop, files served from memory.

``MirrorServer`` (``server.py``) is a thread per connection with fault hooks, right for tests
and slow enough to be the bottleneck of a benchmark. This one answers the same paths with the
same bytes and Content-Type (``paths.resolve_file``, ``server.content_type``) from one
non-blocking process, caching each file's bytes after the first read, and counts every path it
served; ``--log FILE`` writes those counts as JSON when it stops (SIGTERM or Ctrl-C)::

    python -m hnmcrawler.mirror.fast DIR --port 8081 --log requests.json
"""

from __future__ import annotations

import argparse
import json
import signal
from collections import Counter
from pathlib import Path
from typing import Any

from twisted.internet import reactor as _reactor
from twisted.web.resource import Resource
from twisted.web.server import Request, Site

from hnmcrawler.mirror.paths import resolve_file
from hnmcrawler.mirror.server import content_type

reactor: Any = _reactor  # Twisted's global reactor; its interfaces do not type-check


class MirrorResource(Resource):
    """Every path of a mirror folder; 404 for what is missing or outside it."""

    isLeaf = True

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()
        self.requests: Counter[str] = Counter()
        self._files: dict[str, tuple[bytes, str] | None] = {}

    def render_GET(self, request: Request) -> bytes:
        raw = request.uri.decode("latin-1")
        self.requests[raw] += 1
        if raw not in self._files:
            self._files[raw] = self._load(raw)
        found = self._files[raw]
        if found is None:
            request.setResponseCode(404)
            request.setHeader(b"Content-Type", b"text/plain")
            return b"not found\n"
        data, kind = found
        request.setHeader(b"Content-Type", kind.encode("ascii"))
        return data

    def _load(self, raw: str) -> tuple[bytes, str] | None:
        path = resolve_file(self.root, raw)
        if path is None:
            return None
        data = path.read_bytes()
        return data, content_type(path, data[:64])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a mirror folder fast (benchmarks).")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--log", type=Path, help="write request counts here as JSON on stop")
    args = parser.parse_args(argv)
    resource = MirrorResource(args.dir)
    site = Site(resource)
    site.noisy = False
    site.log = lambda request: None  # type: ignore[method-assign]  # no access log
    reactor.listenTCP(args.port, site, interface=args.host, backlog=512)

    def stop(*_: Any) -> None:
        reactor.callFromThread(reactor.stop)

    signal.signal(signal.SIGTERM, stop)
    print(f"serving {args.dir} at http://{args.host}:{args.port}", flush=True)
    reactor.run()
    if args.log:
        args.log.write_text(json.dumps(dict(resource.requests)), encoding="utf-8")


if __name__ == "__main__":
    main()
