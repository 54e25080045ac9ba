"""``mirror/``: URL -> file mapping, the server (and what it refuses: ``..``, ``%2e%2e``, NUL,
backslashes, symlinks leading out of its folder, double-encoded and absolute paths), and the
fast server of the benchmarks answering as the mirror server does. Crawls through the mirror
download handler are in ``e2e/test_handlers.py``."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.paths import file_for_url
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import MIRROR, fast_server


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
            "http://hanoimoi.com.vn/Home/ArticleCategoryListMore?categoryId=164&day="
            "&currentPage=2&lastArticleId=1066582",
            "hanoimoi.com.vn/Home/ArticleCategoryListMore%3FcategoryId=164&day="
            "&currentPage=2&lastArticleId=1066582",
            id="an era_2019 more request is a file named by its whole query",
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


def test_the_bundled_era_2019_more_chain_answers_by_current_page_with_a_fixed_last_id(
    mirror: MirrorServer,
) -> None:
    """Giáo dục: the section page's lastArticleId on every page, pages 1 to 4 (the last one
    empty); the id of an answer before, as a request that moves it would ask, is not served."""
    more = "/hanoimoi.com.vn/Home/ArticleCategoryListMore?categoryId=164&day=&currentPage={}"
    answers = [get(mirror, more.format(page) + "&lastArticleId=1066582") for page in range(1, 6)]
    assert [status for status, _, _ in answers] == [200, 200, 200, 200, 404]
    contents = [json.loads(body)["Content"] for _, _, body in answers[:4]]
    assert [content.count("<li>") for content in contents] == [10, 10, 4, 0]
    first_last_id = contents[0].rsplit('href="', 1)[1].split("/")[3]
    assert get(mirror, more.format(2) + f"&lastArticleId={first_last_id}")[0] == 404


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


# --- The server refuses every way out of its folder ---------------------------------------


@pytest.fixture
def walled(tmp_path: Path) -> Iterator[MirrorServer]:
    """A mirror with symlinks leading out of it (a folder, a host) and one staying inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "index.html").write_text("<html>secret</html>")
    root = tmp_path / "site"
    write_file(root, "http://hanoimoi.com.vn/Tin-tuc/a", "<html>Tin</html>")
    (root / "hanoimoi.com.vn" / "linked").symlink_to(outside, target_is_directory=True)
    (root / "evil.example").symlink_to(outside, target_is_directory=True)
    (root / "hanoimoi.com.vn" / "alias").symlink_to(root / "hanoimoi.com.vn" / "Tin-tuc" / "a")
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/hanoimoi.com.vn/linked/secret.txt", id="a symlinked folder leading out"),
        pytest.param("/hanoimoi.com.vn/linked/", id="the index.html of a symlinked folder"),
        pytest.param("/evil.example/secret.txt", id="a host folder that is a symlink out"),
        pytest.param("/www.evil.example/secret.txt", id="the same through the www. fallback"),
        pytest.param("/hanoimoi.com.vn/%252e%252e/secret.txt", id="double-encoded dot-dot"),
        pytest.param("/hanoimoi.com.vn/%252e%252e%252fsecret.txt", id="double-encoded slash"),
        pytest.param("/hanoimoi.com.vn/linked%2f..%2f..%2foutside/secret.txt", id="encoded slash"),
        pytest.param("/hanoimoi.com.vn/.%2e/.%2E/outside/secret.txt", id="half-encoded dot-dot"),
        pytest.param("/%2e%2e/outside/secret.txt", id="an encoded dot-dot host"),
        pytest.param("/hanoimoi.com.vn/%2ftmp%2fsecret.txt", id="an encoded absolute path"),
        pytest.param("http://127.0.0.1/../outside/secret.txt", id="an absolute-form target"),
    ],
)
def test_the_mirror_never_serves_through_a_way_out(walled: MirrorServer, path: str) -> None:
    status, _, body = get(walled, path)
    assert status == 404
    assert "secret" not in body


def test_a_symlink_that_stays_inside_is_served(walled: MirrorServer) -> None:
    """The control: links are followed, only those leading out are refused."""
    assert get(walled, "/hanoimoi.com.vn/alias")[::2] == (200, "<html>Tin</html>")


# --- The fast server (mirror/fast.py) answers as the mirror server does ---------------------


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_the_fast_server_answers_like_the_mirror_server_and_logs_requests(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    paths = [
        "/hanoimoi.com.vn/robots.txt",
        "/hanoimoi.com.vn/",
        "/hanoimoi.vn/kinh-te",
        "/hanoimoi.vn/sitemap.xml",
        "/hanoimoi.vn/api/getMoreArticle/channel_empty_1266648_463_0",
        "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2",
        "/hanoimoi.com.vn/nothing-here",
        "/hanoimoi.com.vn/%2e%2e/%2e%2e/etc/passwd",
    ]
    log = tmp_path / "served.json"
    with fast_server(MIRROR, log) as url:
        for path in paths:
            assert fetch(url + path) == fetch(mirror.url + path), path
        assert fetch(url + "/hanoimoi.vn/kinh-te")[0] == 200
        assert fetch(url + "/hanoimoi.vn/kinh-te")[0] == 200
        assert fetch(url + paths[-1])[0] == 404
    served = json.loads(log.read_text())
    assert served["/hanoimoi.vn/kinh-te"] == 3
