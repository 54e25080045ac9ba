"""``hnmcrawler store link-duplicates`` on SQLite, PostgreSQL and MariaDB: exactly the expected
pairs are linked, exact-duplicate links are left alone, a missing store is a usage error."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.commands import build_parser, run
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exits import ExitCode
from hnmcrawler.storage import SQLArticleStore
from tests.helpers import expected_mirror_items

SEEN = datetime(2026, 1, 1, tzinfo=VIETNAM_TZ)
ITEMS = expected_mirror_items()
FIRST = ITEMS[0]
OTHER = next(i for i in ITEMS[1:] if i["section"] == FIRST["section"])


def row(item: dict[str, Any], site: str, article_id: int, **changes: Any) -> dict[str, Any]:
    values = {**item, "site": site, "article_id": article_id, **changes}
    for name in ("published_at", "updated_at", "fetched_at", "captured_at"):
        if isinstance(values.get(name), str):
            values[name] = datetime.fromisoformat(values[name])
    return values


def edited(body: str) -> str:
    return body + " Bài viết được cập nhật lại trên trang mới."


def stored_links(uri: str) -> dict[str, str | None]:
    store = SQLArticleStore(url=uri)
    store.open(create=False)
    try:
        return {f"{r['site']}:{r['article_id']}": r["duplicate_of"] for r in store.iter_articles()}
    finally:
        store.close()


def command(*argv: str) -> int:
    return run(build_parser().parse_args(["store", "link-duplicates", *argv]))


def test_link_duplicates_links_the_copies_and_keeps_exact_links(
    store_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    day = datetime.fromisoformat(FIRST["published_at"])
    rows = [
        row(FIRST, "hanoimoi.com.vn", 859634),
        row(FIRST, "hanoimoi.com.vn", 859635),  # exact copy: linked at write time
        row(
            FIRST,
            "hanoimoi.vn",
            7562,
            body=edited(FIRST["body"]),
            title="Hà Nội: " + FIRST["title"],
        ),
        row(
            FIRST,
            "hanoimoi.vn",
            7563,
            body=edited(FIRST["body"]) + " Cập nhật lúc 10 giờ.",
            published_at=day + timedelta(days=1),
        ),
        row(
            FIRST,
            "hanoimoi.vn",
            7564,
            body=edited(FIRST["body"]) + " Đăng lại sau một tháng.",
            published_at=day + timedelta(days=30),
        ),
        row(OTHER, "hanoimoi.vn", 7565, published_at=day),  # same topic, another story
    ]
    store = SQLArticleStore(url=store_uri)
    store.open()
    store.write_batch(rows, seen_at=SEEN)
    store.close()
    before = stored_links(store_uri)
    assert before["hanoimoi.com.vn:859635"] == "hanoimoi.com.vn:859634"

    assert command("--db", store_uri) == ExitCode.OK
    assert "linked 2 near-duplicate articles (6 read" in capsys.readouterr().out
    assert stored_links(store_uri) == {
        "hanoimoi.com.vn:859634": None,
        "hanoimoi.com.vn:859635": "hanoimoi.com.vn:859634",
        "hanoimoi.vn:7562": "hanoimoi.com.vn:859634",
        "hanoimoi.vn:7563": "hanoimoi.com.vn:859634",
        "hanoimoi.vn:7564": None,
        "hanoimoi.vn:7565": None,
    }
    assert command("--db", store_uri) == ExitCode.OK  # a second run finds nothing new
    assert "linked 0 near-duplicate articles" in capsys.readouterr().out


def test_a_missing_store_or_a_bad_threshold_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = "sqlite:///" + str(tmp_path / "none.sqlite")
    assert command("--db", missing) == ExitCode.USAGE
    assert "no article store at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()
    assert command("--db", missing, "--threshold", "1.5") == ExitCode.USAGE
    assert "--threshold 1.5" in capsys.readouterr().err
