"""``hnmcrawler store replay``: a real dead-letter file goes into the store and is moved aside;
any other file (a live database, a binary, a JSON document, an empty file) is refused with one
line and exit 2, left where it was, byte for byte, and no store is created for it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from hnmcrawler.commands import build_parser, run
from hnmcrawler.exceptions import UsageError
from hnmcrawler.storage import DeadLetterFile, SQLArticleStore, replay_file
from hnmcrawler.storage.deadletter import MARKER, encode_row
from tests.test_storage import SEEN, article


def replay_cli(capsys: pytest.CaptureFixture[str], db: str, path: Path) -> tuple[int, str, str]:
    """``hnmcrawler store replay --db DB --file PATH``: exit code, stdout, stderr."""
    code = run(build_parser().parse_args(["store", "replay", "--db", db, "--file", str(path)]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def article_store(path: Path) -> None:
    store = SQLArticleStore(url=f"sqlite:///{path}")
    store.open()
    store.write_batch([article(1)], seen_at=SEEN)
    store.close()


def other_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("INSERT INTO notes VALUES ('{\"site\": 1}')")
    conn.close()


def binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def text(content: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(content, encoding="utf-8")

    return write


FOREIGN_FILES = [
    pytest.param(article_store, "binary data", id="an article store"),
    pytest.param(other_database, "binary data", id="another SQLite database"),
    pytest.param(binary, "binary data", id="an image"),
    pytest.param(text(""), "no article row in it", id="an empty file"),
    pytest.param(text("\n\n"), "no article row in it", id="blank lines"),
    pytest.param(
        text('{\n  "site": "hanoimoi.vn",\n  "article_id": 1\n}\n'),
        "line 2 is not a JSON object",
        id="pretty-printed JSON",
    ),
    pytest.param(
        text('{"name": "settings"}\n'),
        "line 1 is an object without site and article_id",
        id="JSON Lines of something else",
    ),
    pytest.param(
        text(encode_row(article(1)) + "\n" + "url,site,article_id\n"),
        "line 2 is not a JSON object",
        id="a row, then CSV",
    ),
    pytest.param(
        text('{"site": "hanoimoi.vn", "tit'), "no article row in it", id="only a torn line"
    ),
    pytest.param(
        text('{"site": "hanoimoi.vn", "article_id": 2, "title": "Tin"}\n' * 2),
        "line 1 is an article row without dead_lettered_at, as in a feed",
        id="a feed",
    ),
]


@pytest.mark.parametrize(("make", "why"), FOREIGN_FILES)
def test_a_file_that_is_not_a_dead_letter_file_is_refused_and_left_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], None], why: str
) -> None:
    path = tmp_path / "given" / "articles.sqlite"
    path.parent.mkdir()
    make(path)
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    store = tmp_path / "store" / "articles.sqlite"
    code, stdout, stderr = replay_cli(capsys, f"sqlite:///{store}", path)
    assert (code, stdout) == (2, "")
    assert stderr == f"hnmcrawler: {path} is not a dead-letter file ({why}); left as it is\n"
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before  # not renamed
    assert not store.parent.exists()  # no store created for it


def test_replay_itself_refuses_a_foreign_file_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "letters.jsonl"
    path.write_text(encode_row(article(1)) + "\n[1, 2]\n", encoding="utf-8")
    store = SQLArticleStore(url=f"sqlite:///{tmp_path / 'a.sqlite'}")
    store.open()
    try:
        with pytest.raises(UsageError, match="line 2 is not a JSON object"):
            replay_file(path, store, seen_at=SEEN)
        assert store.count() == 0
    finally:
        store.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".jsonl"] == ["letters.jsonl"]


def test_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = replay_cli(capsys, f"sqlite:///{tmp_path / 'a.sqlite'}", tmp_path)
    assert (code, stderr) == (2, f"hnmcrawler: cannot read {tmp_path}: Is a directory\n")


def test_a_real_dead_letter_file_is_replayed_and_moved_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "out" / "dead-letter.jsonl"
    letters = DeadLetterFile(path)
    letters.append([article(1), article(2)])
    with path.open("a", encoding="utf-8") as torn:
        torn.write(encode_row(article(3)).encode("utf-8")[:45].decode("utf-8", "ignore"))
    letters.append([article(4, published_at=None, updated_at=SEEN + timedelta(days=1))])
    uri = f"sqlite:///{tmp_path / 'store' / 'articles.sqlite'}"
    code, stdout, stderr = replay_cli(capsys, uri, path)
    assert (code, stdout, stderr) == (0, f"replayed 3 articles from {path} into the store\n", "")
    assert not path.exists()
    assert [p.name.split(".replayed-")[0] for p in path.parent.iterdir()] == ["dead-letter"]
    store = SQLArticleStore(url=uri)
    store.open()
    try:
        rows = {row["article_id"]: row for row in store.iter_articles()}
    finally:
        store.close()
    assert sorted(rows) == [1, 2, 4]
    assert rows[4]["updated_at"] == SEEN + timedelta(days=1)
    assert rows[1]["title"] == article(1)["title"]


def unmarked_lines(*article_ids: int) -> str:
    """Article rows as JSON Lines without the dead-letter mark: a feed, or a dead-letter
    file written before the mark existed."""
    rows = [json.loads(encode_row(article(n))) for n in article_ids]
    return "".join(json.dumps({k: v for k, v in row.items() if k != MARKER}) + "\n" for row in rows)


def test_a_feed_named_as_a_feed_is_refused_and_left_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    feed = Path("out/articles.jsonl")
    feed.parent.mkdir()
    feed.write_text(unmarked_lines(1, 2), encoding="utf-8")  # rows as a feed holds them
    before = feed.read_bytes()
    code, stdout, stderr = replay_cli(capsys, "sqlite:///store.sqlite", feed)
    assert (code, stdout) == (2, "")
    assert "is not a dead-letter file (line 1 is an article row without dead_lettered_at" in stderr
    assert sorted(p.name for p in feed.parent.iterdir()) == ["articles.jsonl"]
    assert feed.read_bytes() == before
    assert not Path("store.sqlite").exists()


def test_a_dead_letter_file_from_before_the_mark_is_replayed_where_crawls_write_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hnmcrawler.settings import HNM_DEAD_LETTER_PATH

    monkeypatch.chdir(tmp_path)
    path = Path(HNM_DEAD_LETTER_PATH)  # relative: out/dead-letter.jsonl unless the env says
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unmarked_lines(1, 2), encoding="utf-8")
    code, stdout, stderr = replay_cli(capsys, "sqlite:///store.sqlite", path)
    assert (code, stdout, stderr) == (0, f"replayed 2 articles from {path} into the store\n", "")
    assert not path.exists()


def test_a_replay_that_quarantines_says_how_many_and_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letters.jsonl"
    DeadLetterFile(path).append([article(1), {**article(2), "article_id": 2**63}, article(3)])
    code, stdout, _ = replay_cli(capsys, f"sqlite:///{tmp_path / 'a.sqlite'}", path)
    quarantine = tmp_path / "quarantine.jsonl"
    assert (code, stdout) == (
        0,
        f"replayed 2 articles from {path} into the store, 1 refused (in {quarantine})\n",
    )
    assert [json.loads(line)["article_id"] for line in quarantine.read_text().splitlines()] == [
        2**63
    ]
