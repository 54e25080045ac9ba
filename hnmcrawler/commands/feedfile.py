"""The feed file of ``hnmcrawler crawl --out``: written aside, put in place by a run that can
vouch for it. Called by ``commands/crawl.py`` before and after the crawl.

A crawl writes its articles to a *partial* file beside the output (``.a.jsonl.partial``;
in ``out/`` when the output is no regular file, a FIFO: that is written straight to when
published), or, with ``--jobdir``, inside the job directory, where it outlives a killed run
and the resumed run appends to it. When the run ends with exit code 0 or 1 (it finished and read the
site), ``publish`` puts the partial in place, each article once (its last copy: a resumed
run may have fetched again an article that the killed run had written):

- by default the output is **replaced**, atomically (written aside, then renamed);
- with ``--append`` this run's articles are **appended** to the output (for CSV without a
  second header).

A run that could not reach the site, could not write, or was killed leaves the previous
output as it was; its partial stays for a resume (with ``--jobdir``) or a look.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TextIO

from hnmcrawler.exceptions import OutputError, UsageError
from hnmcrawler.exporters import FEED_FORMATS
from hnmcrawler.files import check_writable, is_special, replacing

Key = tuple[str, str]
SPECIAL_PARTIALS = Path("out")
"""Where the partial of an output that is no regular file (``/dev/stdout``, a FIFO) goes."""


@dataclass(frozen=True)
class FeedFile:
    out: Path
    partial: Path
    format: str  # "jsonlines" or "csv"
    append: bool = False

    @classmethod
    def plan(cls, out: Path, jobdir: Path | None, append: bool) -> FeedFile:
        fmt = FEED_FORMATS.get(out.suffix.lower())
        if fmt is None:
            raise UsageError(f"--out must end in {', '.join(FEED_FORMATS)}: {out}")
        folder = jobdir if jobdir is not None else out.parent
        if jobdir is None and is_special(out):  # /dev/stdout: the partial goes to out/
            folder = SPECIAL_PARTIALS
        return cls(out, folder / f".{out.name}.partial", fmt, append)

    @property
    def resumes(self) -> bool:
        """True when a killed run of this job left articles the partial keeps."""
        return self.partial.exists() and self.partial.stat().st_size > 0

    def check_writable(self) -> None:
        """``OutputError`` now, before any request, if the output cannot be written."""
        for path in (self.out, self.partial):
            check_writable(path)

    def publish(self) -> int:
        """Put this run's articles in place; how many. ``OutputError`` if that fails."""
        try:
            if not self.partial.exists():
                self.partial.touch()  # a run with no article: an empty feed
            count = self._append() if self.append else self._replace()
            self.partial.unlink()
        except OSError as exc:
            raise OutputError(f"cannot write {self.out}: {exc.strerror or exc}") from exc
        return count

    def _replace(self) -> int:
        with replacing(self.out) as aside, aside.open("w", encoding="utf-8", newline="") as handle:
            return self._write_unique(handle, header=True)

    def _append(self) -> int:
        header = not self.out.exists() or self.out.stat().st_size == 0
        with self.out.open("a", encoding="utf-8", newline="") as handle:
            count = self._write_unique(handle, header=header)
            handle.flush()
            os.fsync(handle.fileno())
        return count

    def _write_unique(self, handle: TextIO, *, header: bool) -> int:
        """Copy the partial's records, the last copy of each article only, in two passes (the
        first only remembers where each key was last seen: memory is per article, not per
        byte)."""
        last = {key: number for number, (key, _) in enumerate(self._records())}
        keep = set(last.values())
        write = handle.write
        if self.format == "csv" and header and (head := self._csv_header()) is not None:
            write(head)
        count = 0
        for number, (_, text) in enumerate(self._records()):
            if number in keep:
                write(text)
                count += 1
        return count

    def _records(self) -> Iterator[tuple[Key, str]]:
        if self.format == "csv":
            yield from _csv_records(self.partial)
        else:
            yield from _jsonl_records(self.partial)

    def _csv_header(self) -> str | None:
        with self.partial.open(encoding="utf-8", newline="") as handle:
            first = handle.readline()
        return first or None


def _jsonl_records(path: Path) -> Iterator[tuple[Key, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.endswith("\n"):
                continue  # a torn last line (the storage repairs it on a resume)
            try:
                item = json.loads(line)
            except ValueError:
                continue  # not a record the exporter wrote whole
            yield (str(item.get("site")), str(item.get("article_id"))), line


def _csv_records(path: Path) -> Iterator[tuple[Key, str]]:
    """CSV records without their header lines (a resumed run writes one more)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header: list[str] | None = None
        for row in reader:
            if header is None or row == header:
                header = row
                continue
            record = dict(zip(header, row, strict=False))
            yield (record.get("site", ""), record.get("article_id", "")), _csv_line(row)


def _csv_line(row: list[str]) -> str:
    buffer = StringIO()
    csv.writer(buffer).writerow(row)
    return buffer.getvalue()
