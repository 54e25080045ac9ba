"""The mirror download handler: installed only with ``HNM_MIRROR``, URLs mapped both ways."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from hnmcrawler.handlers import HANDLER, MirrorAddon, mirror_url, unmirror


def test_mirror_url_keeps_host_path_and_query() -> None:
    assert (
        mirror_url("https://hanoimoi.vn/a/b?c=1&d=", "http://127.0.0.1:9/")
        == "http://127.0.0.1:9/hanoimoi.vn/a/b?c=1&d="
    )
    assert mirror_url("http://hanoimoi.com.vn", "http://127.0.0.1:9") == (
        "http://127.0.0.1:9/hanoimoi.com.vn/"
    )


@pytest.mark.parametrize(
    ("url", "real"),
    [
        pytest.param(
            "http://127.0.0.1:8080/hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an",
            "http://hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an",
            id="a mirror address of the legacy site becomes the real one",
        ),
        pytest.param(
            "https://127.0.0.1:9/hanoimoi.vn/ha-noi-thong-xe-1266648.html?x=1",
            "https://hanoimoi.vn/ha-noi-thong-xe-1266648.html?x=1",
            id="a mirror address of the current site, query kept",
        ),
        pytest.param(
            "http://localhost:9/HANOIMOI.VN/a",
            "https://hanoimoi.vn/a",
            id="localhost and a host in capitals",
        ),
        pytest.param(
            "http://127.0.0.1:8080/example.com/x",
            "http://127.0.0.1:8080/example.com/x",
            id="another host under the mirror is left alone",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/x", "http://hanoimoi.com.vn/x", id="a real URL is left alone"
        ),
    ],
)
def test_unmirror(url: str, real: str) -> None:
    assert unmirror(url) == real


def test_the_addon_installs_the_handler_only_for_a_mirror() -> None:
    plain = Settings({"HNM_MIRROR": ""})
    MirrorAddon().update_settings(plain)
    assert HANDLER not in plain.getdict("DOWNLOAD_HANDLERS").values()

    mirrored = Settings({"HNM_MIRROR": "http://127.0.0.1:9"})
    MirrorAddon().update_settings(mirrored)
    assert mirrored.getdict("DOWNLOAD_HANDLERS") == {"http": HANDLER, "https": HANDLER}
