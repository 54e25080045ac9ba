"""The article store: the ``ArticleStore`` protocol and its SQL backend, picked by URI.

The store pipeline calls ``store_from_uri(settings["HNM_STORAGE_URI"])``; ``replay_file`` and
``export_articles`` work on any ``ArticleStore``.
"""

from __future__ import annotations

from hnmcrawler.storage.base import STORE_COLUMNS, ArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile, replay_file
from hnmcrawler.storage.export import export_articles
from hnmcrawler.storage.limits import LIMITS, RowRejected
from hnmcrawler.storage.quarantine import QuarantineFile
from hnmcrawler.storage.sql import SQLArticleStore
from hnmcrawler.storage.uri import DEFAULT_URI

__all__ = [
    "DEFAULT_URI",
    "LIMITS",
    "STORE_COLUMNS",
    "ArticleStore",
    "DeadLetterFile",
    "QuarantineFile",
    "RowRejected",
    "SQLArticleStore",
    "WriteOutcome",
    "export_articles",
    "replay_file",
    "store_from_uri",
]


def store_from_uri(uri: str = DEFAULT_URI) -> ArticleStore:
    """The store a URI names: ``sqlite:///path``, ``postgresql://...``, ``mysql://...`` or
    ``mariadb://...``. Not opened yet; ``NotConfigured`` for an unknown scheme or missing driver.
    """
    return SQLArticleStore(url=uri)
