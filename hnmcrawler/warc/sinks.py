"""Where ``hnmcrawler reextract`` puts the rows it extracted: the store and the feed file.

``StoreSink`` is the one writer to the store, in the command's own process: batches of
``HNM_STORAGE_BATCH_SIZE`` rows through ``quarantine.write_rows``, the crawl's write path
(new, updated with a revision, unchanged; a row the store refuses to the quarantine file).
``FeedSink`` writes JSON Lines or CSV with the crawl's exporters, aside, and puts the file in
place once the run is through (``files.replacing``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from hnmcrawler import settings as project
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import OutputError, StoreUnavailable, UsageError
from hnmcrawler.exporters import FEED_FORMATS, ArticleCsvExporter, ArticleJsonLinesExporter
from hnmcrawler.files import check_writable, replacing
from hnmcrawler.items import ARTICLE_FIELDS
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.base import ArticleStore
from hnmcrawler.storage.quarantine import QuarantineFile, write_rows

OUTCOME_NAMES = {"new": "new", "updated": "changed", "older": "older"}
"""``WriteOutcome`` values to the words of reextract's summary (the rest: unchanged)."""


def feed_format(out: Path) -> str:
    """``jsonlines`` or ``csv`` from ``out``'s suffix, as for a crawl's feed; ``UsageError``
    for any other."""
    found = FEED_FORMATS.get(out.suffix.casefold())
    if found is None:
        raise UsageError(f"--out takes a .jsonl or .csv file, not {out}")
    return found


class StoreSink:
    def __init__(
        self,
        store: ArticleStore | None,
        quarantine: QuarantineFile | None,
        tally: Counter[str],
        batch_size: int = 200,
    ) -> None:
        self.store = store
        self.quarantine = quarantine
        self.tally = tally  # new, changed, unchanged, older, refused
        self.batch_size = max(1, batch_size)
        self.pending: list[Mapping[str, Any]] = []

    @classmethod
    @contextmanager
    def opened(cls, uri: str, quarantine: Path | None, tally: Counter[str]) -> Iterator[StoreSink]:
        """The store of ``uri`` opened (none for ``''``), flushed and closed at the end."""
        store = store_from_uri(uri) if uri else None
        if store is not None:
            store.open()
        file = QuarantineFile(quarantine) if quarantine else None
        sink = cls(store, file, tally, project.HNM_STORAGE_BATCH_SIZE)
        try:
            yield sink
            sink.flush()
        finally:
            if store is not None:
                store.close()

    def add(self, row: Mapping[str, Any]) -> None:
        if self.store is None:
            return
        self.pending.append(row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if self.store is None or not rows:
            return
        seen_at = datetime.now(VIETNAM_TZ)
        written = write_rows(self.store, rows, seen_at=seen_at)
        for outcome in written.outcomes:
            self.tally[OUTCOME_NAMES.get(str(outcome), "unchanged")] += 1
        if written.rejected:
            self.tally["refused"] += len(written.rejected)
            self._quarantine(written.rejected, seen_at)
        if isinstance(written.error, StoreUnavailable):
            raise StoreUnavailable(f"{written.error} (reextract again once the store is back)")
        if written.error is not None:
            raise written.error

    def _quarantine(self, rejected: Any, at: datetime) -> None:
        if self.quarantine is None:
            return
        try:
            self.quarantine.append(rejected, at=at)
        except OSError as exc:
            where = self.quarantine.path
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from exc


class FeedSink:
    def __init__(self, exporter: Any = None) -> None:
        self.exporter = exporter

    @classmethod
    @contextmanager
    def opened(cls, out: Path | None) -> Iterator[FeedSink]:
        """A feed written aside and put in place at the end; none for ``out=None``."""
        if out is None:
            yield cls()
            return
        fmt = feed_format(out)
        check_writable(out)
        try:
            with replacing(out) as aside, aside.open("wb") as handle:
                kind: Any = ArticleJsonLinesExporter if fmt == "jsonlines" else ArticleCsvExporter
                exporter = kind(handle, fields_to_export=list(ARTICLE_FIELDS))
                exporter.start_exporting()
                yield cls(exporter)
                exporter.finish_exporting()
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc

    def add(self, row: Mapping[str, Any]) -> None:
        if self.exporter is not None:
            self.exporter.export_item(dict(row))
