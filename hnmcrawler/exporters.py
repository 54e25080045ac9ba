"""How items are written to feeds: schema field order, ISO 8601 dates, UTF-8 text.

Which items get written is decided upstream (pipelines); these only shape the bytes.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from hnmcrawler.items import LIST_FIELDS, iso8601

FEED_FORMATS = {".jsonl": "jsonlines", ".jl": "jsonlines", ".csv": "csv"}
"""The suffix of a feed file (``crawl --out``, ``reextract --out``) -> its Scrapy feed format."""


class ArticleJsonLinesExporter(JsonLinesItemExporter):
    """One JSON object a line; datetimes ISO 8601 with their offset; no ASCII escapes."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        kwargs.setdefault("ensure_ascii", False)
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return iso8601(super().serialize_field(field, name, value))

    def export_item(self, item: Any) -> None:
        super().export_item(item)
        self.file.flush()  # each line reaches the OS whole: a killed crawl tears at most one


class ArticleCsvExporter(CsvItemExporter):
    """One row an article; list fields (authors, tags, images) as JSON text in their cell."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if name in LIST_FIELDS:
            return json.dumps(value or [], ensure_ascii=False)
        value = iso8601(super().serialize_field(field, name, value))
        return "" if value is None else value
