"""Shared test helpers: the bundled mirror served on 127.0.0.1 and crawls in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.server import MirrorServer

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
MIRROR = FIXTURES / "site"


@pytest.fixture
def mirror() -> Iterator[MirrorServer]:
    """The bundled mirror on a free port, with a fresh request log for each test."""
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


def expected_mirror_items() -> list[dict[str, Any]]:
    lines = (FIXTURES / "mirror_expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run_scrapy(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``scrapy <args>`` from the repo's project, in a child process (one reactor each)."""
    full_env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "hnmcrawler.settings", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
