"""``hnmcrawler export``: the format from ``--out``'s suffix, every column in a fixed order,
Parquet read back with pyarrow, sections by the slugs ``crawl`` takes, a store that does not
exist refused (never created), and one line with the right exit code for each mistake.

The command runs in this process (``commands.run``) on a SQLite store in ``tmp_path``; one test
of the missing store runs on a throwaway PostgreSQL database.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, inspect

from hnmcrawler.commands import build_parser, run
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import ARTICLE_FIELDS
from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.storage.export import EXPORT_COLUMNS, write_text
from hnmcrawler.storage.parquet import write_parquet
from hnmcrawler.storage.uri import store_url
from tests.helpers import POSTGRES_ADMIN, throwaway_database
from tests.test_storage import SEEN, article

LEGACY, CURRENT = "hanoimoi.com.vn", "hanoimoi.vn"


def legacy(article_id: int, section: str) -> dict[str, Any]:
    url = f"http://hanoimoi.com.vn/tin-tuc/{section}/{article_id}/bai.htm"
    return article(article_id, site=LEGACY, url=url, section=section, subsection=None)


def current(article_id: int, section: str, subsection: str | None) -> dict[str, Any]:
    return article(article_id, site=CURRENT, section=section, subsection=subsection)


STORED = [
    legacy(1, "Kinh tế"),
    current(2, "Kinh tế", "Tài chính"),
    current(3, "Đô thị", "Giao thông"),
    current(4, "Văn hóa", "Thể thao"),
    legacy(5, "Thể thao"),
    current(6, "Đô thị", "Giao thông") | {"title": article(3)["title"]},  # a copy of 3
    current(7, "Đô thị", None) | {"published_at": datetime(2024, 1, 2, 23, 59, tzinfo=VIETNAM_TZ)},
]
"""Articles 1-6 are published on 2024-01-01 (Vietnam time), 7 a minute before 2024-01-03."""


# Article 2's second revision: a Wayback copy captured after the live copy was fetched (an
# older one would not replace the stored content).
CAPTURED = SEEN + timedelta(hours=12)
CAPTURE_URL = "https://web.archive.org/web/20240601200000id_/https://hanoimoi.vn/a-2.html"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The URI of a SQLite store holding ``STORED``; article 2 at its second revision, read
    from a Wayback capture."""
    uri = "sqlite:///" + str(tmp_path / "store" / "articles.sqlite")
    store = SQLArticleStore(url=uri)
    store.open()
    try:
        store.write_batch(STORED, seen_at=SEEN)
        wayback = {"source": "wayback", "capture_url": CAPTURE_URL, "captured_at": CAPTURED}
        changed = STORED[1] | {"body": "Đoạn một, đã sửa."} | wayback
        store.write_batch([changed], seen_at=SEEN + timedelta(days=1))
    finally:
        store.close()
    return uri


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``hnmcrawler export ARGV``: exit code, standard output, standard error."""
    code = run(build_parser().parse_args(["export", *argv]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ids(records: list[dict[str, Any]]) -> list[int]:
    return [int(record["article_id"]) for record in records]


def read_export(path: Path, fmt: str) -> list[dict[str, Any]]:
    """An export file's records as dicts, keys in column order (CSV cells as text)."""
    if fmt == "parquet":
        return list(pq.read_table(path).to_pylist())
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    if fmt == "json":
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines()]


# --- Formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("a.CSV", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.jl", "jsonl"),
        ("a.json", "json"),
        ("a.parquet", "parquet"),
    ],
)
def test_the_format_follows_the_suffix_of_out(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    out = tmp_path / "exports" / name
    code, stdout, stderr = export(capsys, "--db", db, "--out", str(out))
    assert (code, stdout) == (0, "")
    assert stderr == f"exported 7 articles to {out}\n"
    records = read_export(out, fmt)
    assert ids(records) == [1, 2, 3, 4, 5, 6, 7]
    assert list(records[0]) == list(EXPORT_COLUMNS)
    assert [p.name for p in out.parent.iterdir()] == [name]  # no partial file left beside it


def test_format_says_otherwise_than_the_suffix(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(capsys, "--db", db, "--out", str(tmp_path / "a.txt"), "--format", "csv")[0] == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("url,site,article_id,")
    assert export(capsys, "--db", db, "--out", str(tmp_path / "b.csv"), "--format", "json")[0] == 0
    assert ids(json.loads((tmp_path / "b.csv").read_text(encoding="utf-8")))[0] == 1


def test_an_unknown_suffix_is_a_usage_error_naming_the_known_ones(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = export(capsys, "--db", db, "--out", str(tmp_path / "a.txt"))
    assert code == 2
    assert stderr.startswith("hnmcrawler: cannot tell the format of ")
    assert ".csv, .jsonl, .jl, .json, .parquet" in stderr
    assert not (tmp_path / "a.txt").exists()


def test_standard_output_is_json_lines_by_default_and_never_parquet(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, stderr = export(capsys, "--db", db)
    assert code == 0
    assert ids([json.loads(line) for line in stdout.splitlines()]) == [1, 2, 3, 4, 5, 6, 7]
    assert stderr == "exported 7 articles to standard output\n"
    assert export(capsys, "--db", db, "--format", "csv")[1].startswith("url,site,")
    code, stdout, stderr = export(capsys, "--db", db, "--format", "parquet")
    assert (code, stdout) == (2, "")
    assert stderr == "hnmcrawler: parquet cannot go to standard output: give --out FILE.parquet\n"


def test_json_is_one_array_written_as_rows_come(capsys: pytest.CaptureFixture[str]) -> None:
    rows = iter([_full_row(1), _full_row(2)])
    out = io.StringIO()
    assert write_text(rows, out, "json") == 2
    assert out.getvalue().startswith('[\n{"url": ')
    assert out.getvalue().count("\n") == 4  # "[", one line per row, "]"
    assert ids(json.loads(out.getvalue())) == [1, 2]
    empty = io.StringIO()
    assert write_text(iter([]), empty, "json") == 0
    assert json.loads(empty.getvalue()) == []


def _full_row(article_id: int) -> dict[str, Any]:
    extra = {"revision": 1, "first_seen_at": SEEN, "last_seen_at": SEEN, "duplicate_of": None}
    return article(article_id) | extra


# --- Columns -------------------------------------------------------------------------------


def test_every_field_then_the_store_columns_in_a_fixed_order() -> None:
    store_columns = ("revision", "first_seen_at", "last_seen_at", "duplicate_of")
    assert (*ARTICLE_FIELDS, *store_columns) == EXPORT_COLUMNS


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_text_exports_carry_revision_seen_times_and_duplicates(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = tmp_path / f"a.{fmt}"
    assert export(capsys, "--db", db, "--out", str(out))[0] == 0
    records = {int(r["article_id"]): r for r in read_export(out, fmt)}
    assert list(records[1]) == list(EXPORT_COLUMNS)
    assert str(records[2]["revision"]) == "2"
    assert str(records[3]["revision"]) == "1"
    assert records[6]["duplicate_of"] == "hanoimoi.vn:3"
    assert records[3]["duplicate_of"] in (None, "")  # JSON null, an empty CSV cell
    assert records[2]["first_seen_at"] == "2024-06-01T15:00:00+07:00"
    assert records[2]["last_seen_at"] == "2024-06-02T15:00:00+07:00"
    assert records[7]["published_at"] == "2024-01-02T23:59:00+07:00"
    assert records[2]["source"] == "wayback"
    assert records[2]["capture_url"] == CAPTURE_URL
    assert records[2]["captured_at"] == "2024-06-02T03:00:00+07:00"
    assert records[3]["source"] == "live"
    assert records[3]["capture_url"] in (None, "")
    assert records[3]["captured_at"] in (None, "")


def test_parquet_has_aware_timestamps_and_list_columns(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.parquet"
    assert export(capsys, "--db", db, "--out", str(out))[0] == 0
    table = pq.read_table(out)
    assert table.column_names == list(EXPORT_COLUMNS)
    timestamp = pa.timestamp("us", tz="Asia/Ho_Chi_Minh")
    for name in ("published_at", "updated_at", "fetched_at", "captured_at", "first_seen_at"):
        assert table.schema.field(name).type == timestamp, name
    assert table.schema.field("last_seen_at").type == timestamp
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert table.schema.field("tags").type == pa.list_(pa.string())
    image = pa.struct([("url", pa.string()), ("caption", pa.string())])
    assert table.schema.field("images").type == pa.list_(image)
    assert table.schema.field("article_id").type == pa.int64()
    rows = {row["article_id"]: row for row in table.to_pylist()}
    assert rows[7]["published_at"] == STORED[6]["published_at"]
    assert rows[7]["published_at"].utcoffset() == timedelta(hours=7)
    assert rows[1]["authors"] == ["Minh Anh", "Ngọc Hà"]
    assert rows[1]["images"] == [{"url": "https://hanoimoi.vn/anh/1.jpg", "caption": "Công trường"}]
    assert (rows[2]["revision"], rows[6]["duplicate_of"]) == (2, "hanoimoi.vn:3")
    assert rows[1]["updated_at"] is None
    assert (rows[2]["source"], rows[2]["capture_url"]) == ("wayback", CAPTURE_URL)
    assert (rows[2]["captured_at"], rows[1]["source"], rows[1]["captured_at"]) == (
        CAPTURED,
        "live",
        None,
    )


def test_parquet_is_written_in_row_groups(tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    assert write_parquet((_full_row(n) for n in range(1, 6)), out, row_group_size=2) == 5
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert pq.read_table(out).column("article_id").to_pylist() == [1, 2, 3, 4, 5]


def test_parquet_without_pyarrow_asks_for_the_extra_and_keeps_the_old_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "a.parquet"
    out.write_bytes(b"yesterday's export")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    code, _, stderr = export(capsys, "--db", db, "--out", str(out))
    assert (code, stderr) == (2, "hnmcrawler: install hnmcrawler[parquet]\n")
    assert out.read_bytes() == b"yesterday's export"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["a.parquet"]


# --- Sections and days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["--section", "Kinh-te"], [1, 2], id="a legacy slug finds both sites"),
        pytest.param(["--section", "kinh-te"], [1, 2], id="any case"),
        pytest.param(["--section", "do-thi/giao-thong"], [3, 6], id="a subsection slug"),
        pytest.param(["--section", "giao-thong"], [3, 6], id="a section alias"),
        pytest.param(["--section", "do-thi"], [3, 6, 7], id="a section with its subsections"),
        pytest.param(["--section", "the-thao"], [4, 5], id="one slug, two sites, two places"),
        pytest.param(["--section", "Kinh tế"], [1, 2], id="a display name still works"),
        pytest.param(["--site", CURRENT, "--section", "kinh-te"], [2], id="one site"),
        pytest.param(["--site", LEGACY], [1, 5], id="a site without section"),
        pytest.param(["--until", "2024-01-01"], [1, 2, 3, 4, 5, 6], id="until is inclusive"),
        pytest.param(["--since", "2024-01-02", "--until", "2024-01-02"], [7], id="one day"),
    ],
)
def test_sections_take_the_slugs_crawl_takes(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[int]
) -> None:
    code, stdout, _ = export(capsys, "--db", db, *argv)
    assert code == 0
    assert ids([json.loads(line) for line in stdout.splitlines()]) == expected


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--section", "nope"], id="a section no site has"),
        pytest.param(["--section", "tin-moi-nhat"], id="the latest-news stream"),
        pytest.param(["--site", LEGACY, "--section", "do-thi/giao-thong"], id="another site's"),
    ],
)
def test_an_unknown_section_is_a_usage_error_listing_the_known_slugs(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, stdout, stderr = export(capsys, "--db", db, *argv)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"hnmcrawler: unknown section {argv[-1]!r}")
    assert "; known: chinh-tri, kinh-te, " in stderr
    assert ("do-thi/giao-thong" in stderr.split("known:")[1]) is ("--site" not in argv)
    assert stderr.count("\n") == 1


def test_an_unknown_site_is_a_usage_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = export(capsys, "--db", db, "--site", "vnexpress.net")
    assert code == 2
    assert stderr.startswith("hnmcrawler: unknown site 'vnexpress.net'; known: ")


# --- A store that does not exist -----------------------------------------------------------


def test_a_missing_sqlite_store_is_a_usage_error_and_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = "sqlite:///" + str(tmp_path / "typo" / "x.sqlite")
    code, stdout, stderr = export(capsys, "--db", uri, "--out", str(tmp_path / "out" / "a.csv"))
    assert (code, stdout) == (2, "")
    assert stderr == f"hnmcrawler: no article store at {uri}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither typo/ nor out/


def test_a_sqlite_file_without_the_store_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    before = path.read_bytes()
    code, _, stderr = export(capsys, "--db", f"sqlite:///{path}")
    assert (code, stderr) == (2, f"hnmcrawler: no article store at sqlite:///{path}\n")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["other.sqlite"]


def test_an_export_does_not_write_to_the_store(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "store" / "articles.sqlite"
    before = database.read_bytes()
    assert export(capsys, "--db", db, "--out", str(tmp_path / "a.jsonl"))[0] == 0
    assert database.read_bytes() == before  # SQLite may leave its -wal and -shm beside it


@pytest.mark.postgres
def test_a_postgres_database_without_the_store_is_refused_and_left_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with throwaway_database(POSTGRES_ADMIN) as uri:
        code, stdout, stderr = export(capsys, "--db", uri)
        engine = create_engine(store_url(uri))
        try:
            with engine.connect() as conn:
                tables = inspect(conn).get_table_names()
        finally:
            engine.dispose()
    assert (code, stdout) == (2, "")
    name = uri.rsplit("/", 1)[1]
    assert (
        stderr
        == f"hnmcrawler: no article store at postgresql+psycopg://postgres@127.0.0.1:5432/{name}\n"
    )
    assert tables == []


# --- One line, the right exit code ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["--since", "2024-02-01", "--until", "2024-01-31"],
            "--since 2024-02-01 is after --until 2024-01-31",
            id="since after until",
        ),
        pytest.param(
            ["--since", "2024-02-30"], "not a date (YYYY-MM-DD): '2024-02-30'", id="no day"
        ),
    ],
)
def test_impossible_days_are_one_line_and_exit_2(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert export(capsys, "--db", db, *argv) == (2, "", f"hnmcrawler: {message}\n")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--until", "9999-12-31"], id="until past the last day a datetime holds"),
        pytest.param(["--since", "0001-01-01"], id="since before the first day UTC holds"),
        pytest.param(["--since", "0001-01-01", "--until", "9999-12-31"], id="both"),
    ],
)
def test_days_beyond_what_a_datetime_holds_are_no_bound_as_in_crawl(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    out = tmp_path / "a.jsonl"
    assert export(capsys, "--db", db, "--out", str(out), *argv) == (
        0,
        "",
        f"exported 7 articles to {out}\n",
    )
    assert ids(read_export(out, "jsonl")) == [1, 2, 3, 4, 5, 6, 7]


def test_an_out_that_is_a_directory_is_an_output_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a.csv"
    folder.mkdir()
    for out in (folder, tmp_path):  # with and without a suffix
        assert export(capsys, "--db", db, "--out", str(out)) == (
            4,
            "",
            f"hnmcrawler: cannot write {out}: Is a directory\n",
        )
    assert list(folder.iterdir()) == []


def test_an_out_that_cannot_be_written_is_an_output_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, stdout, stderr = export(capsys, "--db", db, "--out", str(blocker / "a.csv"))
    assert (code, stdout) == (4, "")
    assert stderr.startswith(f"hnmcrawler: cannot write {blocker / 'a.csv'}: ")
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr
