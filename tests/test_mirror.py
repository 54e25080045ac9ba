"""The mirror: URL -> file mapping, the server (and what it refuses)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.mirror.paths import file_for_url
from hnmcrawler.mirror.server import MirrorServer


@pytest.mark.parametrize(
    ("url", "file"),
    [
        pytest.param(
            "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",
            "hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",
            id="a path is a file",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2",
            "hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te%3Fpage=2",
            id="a query is kept in the name with ? written %3F",
        ),
        pytest.param(
            "https://hanoimoi.vn/Home/More?categoryId=1&day=&currentPage=2",
            "hanoimoi.vn/Home/More%3FcategoryId=1&day=&currentPage=2",
            id="empty query values are kept",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/", "hanoimoi.com.vn/index.html", id="a folder is its index.html"
        ),
        pytest.param(
            "https://hanoimoi.vn/rss/kinh-te", "hanoimoi.vn/rss/kinh-te", id="extension-less feeds"
        ),
        pytest.param(
            "http://hanoimoi.com.vn/a%20b",
            "hanoimoi.com.vn/a b",
            id="percent-encoded paths are decoded",
        ),
        pytest.param("http://hanoimoi.com.vn/a/../../etc/passwd", None, id="dot-dot is refused"),
        pytest.param(
            "http://hanoimoi.com.vn/%2e%2e/%2E%2E/etc/passwd", None, id="encoded dot-dot is refused"
        ),
        pytest.param("http://hanoimoi.com.vn/a%00b", None, id="NUL is refused"),
        pytest.param("http://hanoimoi.com.vn/..%5c..%5cetc", None, id="backslashes are refused"),
    ],
)
def test_file_for_url(url: str, file: str | None) -> None:
    assert file_for_url(url) == file


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[MirrorServer]:
    root = tmp_path / "site"
    (root / "hanoimoi.com.vn" / "Tin-tuc").mkdir(parents=True)
    (root / "hanoimoi.com.vn" / "index.html").write_text("<html>home</html>")
    (root / "hanoimoi.com.vn" / "Tin-tuc" / "a").write_text("<html>Tin</html>")
    (root / "hanoimoi.com.vn" / "list%3Fpage=2").write_text("<html>page 2</html>")
    (root / "hanoimoi.com.vn" / "more%3Fp=1").write_text('{"Content": ""}')
    (root / "hanoimoi.com.vn" / "sitemap.xml").write_text("<?xml version='1.0'?><urlset/>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "hanoimoi.com.vn" / "escape").symlink_to(tmp_path / "secret.txt")
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


def get(server: MirrorServer, path: str) -> tuple[int, str, str]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), int(port), timeout=5)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("Content-Type") or "", body


def test_serves_pages_queries_and_folders(tiny: MirrorServer) -> None:
    assert get(tiny, "/hanoimoi.com.vn/Tin-tuc/a")[::2] == (200, "<html>Tin</html>")
    assert get(tiny, "/hanoimoi.com.vn/list?page=2")[::2] == (200, "<html>page 2</html>")
    assert get(tiny, "/hanoimoi.com.vn/")[::2] == (200, "<html>home</html>")
    assert get(tiny, "/www.hanoimoi.com.vn/Tin-tuc/a")[0] == 200


def test_content_type_comes_from_the_bytes_for_extensionless_files(tiny: MirrorServer) -> None:
    assert get(tiny, "/hanoimoi.com.vn/Tin-tuc/a")[1] == "text/html; charset=utf-8"
    assert get(tiny, "/hanoimoi.com.vn/more?p=1")[1] == "application/json; charset=utf-8"
    assert get(tiny, "/hanoimoi.com.vn/sitemap.xml")[1].startswith(("application/xml", "text/xml"))


@pytest.mark.parametrize(
    "path",
    [
        "/hanoimoi.com.vn/../secret.txt",
        "/hanoimoi.com.vn/%2e%2e/secret.txt",
        "/hanoimoi.com.vn/%2E%2E%2Fsecret.txt",
        "/../secret.txt",
        "/hanoimoi.com.vn/escape",
        "//etc/passwd",
        "/etc/passwd",
        "/hanoimoi.com.vn/Tin-tuc/missing",
        "/hanoimoi.com.vn/list?page=3",
    ],
)
def test_never_serves_outside_the_folder_or_what_is_missing(tiny: MirrorServer, path: str) -> None:
    status, _, body = get(tiny, path)
    assert status == 404
    assert "secret" not in body


def test_a_content_type_set_for_a_path_is_sent_instead(tiny: MirrorServer) -> None:
    tiny.content_types["/hanoimoi.com.vn/Tin-tuc/a"] = "text/html; charset=windows-1258"
    assert get(tiny, "/hanoimoi.com.vn/Tin-tuc/a")[:2] == (200, "text/html; charset=windows-1258")
    assert get(tiny, "/hanoimoi.com.vn/")[1] == "text/html; charset=utf-8"


def test_counts_every_request_path(tiny: MirrorServer) -> None:
    get(tiny, "/hanoimoi.com.vn/Tin-tuc/a")
    get(tiny, "/hanoimoi.com.vn/Tin-tuc/a")
    get(tiny, "/hanoimoi.com.vn/nothing")
    assert tiny.requests["/hanoimoi.com.vn/Tin-tuc/a"] == 2
    assert tiny.requests["/hanoimoi.com.vn/nothing"] == 1


@pytest.mark.e2e
def test_redirects_of_the_mirror_lead_to_real_urls(tmp_path: Path) -> None:
    """A mirror page that redirects like the real site would (Location relative to the site,
    or naming the mirror's own host folder) leads the crawl to the real target."""
    from hnmcrawler.mirror.generate.files import write_file
    from tests.conftest import read_jsonl, run_scrapy

    seed = (
        Path(__file__).resolve().parents[1] / "fixtures" / "era_2017" / "seed-chinh-tri-859634.html"
    ).read_text(encoding="utf-8")
    root = tmp_path / "site"
    target = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong"
    write_file(root, target, seed)
    with MirrorServer(root) as server:
        server.scripted["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu"] = [301]
        server.scripted["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu"] = [302]
        new = "/Tin-tuc/Chinh-tri/859634/chu-dong"
        server.locations = {
            "/hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu": new,  # as the real site sends it
            "/hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu": "/hanoimoi.com.vn" + new,  # a mirror's own
        }
        server.start_in_thread()
        out = tmp_path / "out.jsonl"
        result = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu",
                "-O",
                str(out),
                "-s",
                "AUTOTHROTTLE_START_DELAY=0.05",
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        result2 = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu",
                "-O",
                str(tmp_path / "out2.jsonl"),
                "-s",
                "AUTOTHROTTLE_START_DELAY=0.05",
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        server.shutdown()
    assert result.returncode == result2.returncode == 0, result.stderr[-2000:]
    for feed in (out, tmp_path / "out2.jsonl"):
        assert [i["article_id"] for i in read_jsonl(feed)] == [859634]
    assert server.requests["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong"] == 2


def test_autothrottle_sees_the_latency_of_pages_fetched_from_a_mirror(tmp_path: Path) -> None:
    """The handler fetches a copy of the request: its latency is copied back, or AutoThrottle
    (which reads it from the request) never adapts to the mirror."""
    from tests.conftest import MIRROR, run_scrapy

    seed = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong-sang-tao-trong-cong-tac-xay-dung-dang"
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        result = run_scrapy(
            ["crawl", "urls", "-a", f"urls={seed}", "-s", "AUTOTHROTTLE_DEBUG=True"],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| latency:" in result.stderr
