"""``middlewares.py``: a page's encoding is read from its bytes. Crawls through the
middlewares are in ``e2e/test_middlewares.py``."""

from __future__ import annotations

import pytest

from hnmcrawler.middlewares import better_encoding
from tests.helpers import article_response


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        pytest.param(
            "<p>Hà Nội</p>".encode(),
            b"text/html; charset=iso-8859-1",
            "utf-8",
            id="UTF-8 bytes declared latin-1 are read as UTF-8",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode("cp1258"),
            b"text/html; charset=iso-8859-1",
            "cp1258",
            id="windows-1258 bytes declared latin-1 follow the page's meta",
        ),
        pytest.param(
            "<p>Hà Nội</p>".encode(),
            b"text/html; charset=utf-8",
            None,
            id="a right declaration is believed",
        ),
        pytest.param(
            b"<p>Ha Noi</p>", b"text/html; charset=iso-8859-1", None, id="ASCII needs nothing"
        ),
        pytest.param(
            '<meta charset="iso-8859-1"><p>Hà Nội</p>'.encode(),
            b"text/html",
            "utf-8",
            id="UTF-8 bytes whose only declaration is a latin-1 meta are read as UTF-8",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode("cp1258"),
            b"text/html; charset=utf-8",
            "cp1258",
            id="windows-1258 bytes served as UTF-8 follow the page's meta",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode(),
            b"text/html; charset=utf-8",
            None,
            id="UTF-8 bytes served as UTF-8 beside a stale meta are read as UTF-8",
        ),
    ],
)
def test_better_encoding(body: bytes, content_type: bytes, encoding: str | None) -> None:
    assert better_encoding(article_response(body, content_type=content_type)) == encoding
