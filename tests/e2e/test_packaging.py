"""An installed hnmcrawler (``pip install .``, not editable) works from any folder: the
mirror commands find their templates and make the bundled mirror they do not ship."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hnmcrawler import __version__
from tests.helpers import REPO, free_port, run_hnmcrawler, run_python, start_python

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """hnmcrawler installed from a copy of the source (no checkout beside it) into a folder;
    its dependencies are this environment's."""
    tmp = tmp_path_factory.mktemp("installed")
    source = tmp / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "out", "build", "*.egg-info", "fixtures"),
    )
    target = tmp / "site-packages"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return target


def hnmcrawler(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``hnmcrawler`` command in ``cwd``, its cache there too."""
    env = {"PYTHONPATH": str(installed), "XDG_CACHE_HOME": str(cwd / "cache")}
    return run_hnmcrawler(args, cwd, env, timeout=300)


def test_it_is_the_installed_copy_that_runs(installed: Path, tmp_path: Path) -> None:
    where = run_python(
        ["-c", "import hnmcrawler; print(hnmcrawler.__file__)"],
        tmp_path,
        {"PYTHONPATH": str(installed)},
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed)
    assert hnmcrawler(installed, tmp_path, "--version").stdout == f"hnmcrawler {__version__}\n"


def test_mirror_generate_and_demo_work_from_an_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    generated = hnmcrawler(installed, tmp_path, "mirror", "generate", "big", "--articles", "300")
    assert generated.returncode == 0, generated.stderr
    assert (
        len((tmp_path / "big" / "expected.jsonl").read_text(encoding="utf-8").splitlines()) == 300
    )

    demo = hnmcrawler(installed, tmp_path, "demo", "--out", "out")
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert demo.stdout.startswith("280 articles in out/articles.jsonl")
    assert (tmp_path / "cache" / "hnmcrawler" / f"mirror-{__version__}" / ".complete").exists()


def test_serve_serves_the_bundled_mirror_from_an_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = {"PYTHONPATH": str(installed), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    server = start_python(
        ["-m", "hnmcrawler", "serve", "--port", str(port)],
        tmp_path,
        env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    with server:
        serve_until_answered(server, port)
        server.terminate()


def serve_until_answered(server: subprocess.Popen[str], port: int) -> None:
    try:
        url = f"http://127.0.0.1:{port}/hanoimoi.com.vn/robots.txt"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the mirror never answered"
                time.sleep(0.2)
    except BaseException:
        server.kill()
        raise
