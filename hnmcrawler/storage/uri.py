"""Storage URIs: which dialect and driver a URI means, and how to show it without a password.

``SQLArticleStore.__init__`` calls ``store_url``; everything that prints a URL calls
``masked``. The optional drivers are imported here, when a URI asks for them.
"""

from __future__ import annotations

import importlib
import re

from scrapy.exceptions import NotConfigured
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_URI = "sqlite:///out/articles.sqlite"

_SCHEMES: dict[str, str] = {
    "sqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
}
"""URI scheme without a driver -> SQLAlchemy drivername."""

_DRIVER_EXTRAS: dict[str, tuple[str, str]] = {
    "psycopg": ("psycopg", "postgres"),
    "pymysql": ("pymysql", "mysql"),
}
"""SQLAlchemy driver name -> (module to import, hnmcrawler extra that installs it)."""

_QUERY_PASSWORD = re.compile(r"([?&](?:ssl)?password=)[^&]*", re.IGNORECASE)


def store_url(uri: str) -> URL:
    """The SQLAlchemy URL for a storage URI; ``NotConfigured`` if unusable or its driver is missing.

    ``postgresql://`` uses psycopg 3, ``mysql://`` and ``mariadb://`` use PyMySQL (utf8mb4).
    """
    try:
        url = make_url(uri)
    except ArgumentError:
        raise NotConfigured(
            "the storage URI is not a URI like sqlite:///out/articles.sqlite"
        ) from None
    scheme, _, driver = url.drivername.partition("+")
    if scheme not in _SCHEMES:
        raise NotConfigured(f"unsupported storage URI scheme {scheme!r}: use {', '.join(_SCHEMES)}")
    if not driver:
        url = url.set(drivername=_SCHEMES[scheme])
    elif scheme == "postgres":
        url = url.set(drivername=f"postgresql+{driver}")
    _import_driver(url.get_driver_name())
    if url.get_backend_name() in ("mysql", "mariadb") and "charset" not in url.query:
        url = url.update_query_dict({"charset": "utf8mb4"})
    return url


def _import_driver(driver: str) -> None:
    if driver not in _DRIVER_EXTRAS:
        return
    module, extra = _DRIVER_EXTRAS[driver]
    try:
        importlib.import_module(module)
    except ImportError:
        raise NotConfigured(f"install hnmcrawler[{extra}]") from None


def masked(url: URL) -> str:
    """The URL as text with the password replaced by ``***``: the only form that gets printed.

    Hides a password given in the query too (``?password=...``, libpq's ``sslpassword``).
    """
    return _QUERY_PASSWORD.sub(r"\1***", url.render_as_string(hide_password=True))
