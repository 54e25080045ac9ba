"""The era_2017 part of the bundled mirror: which sections, how many articles, their paging.

Read by ``articles`` (sizes, dates), ``site`` (paging) and ``generate.mirror_listings`` (the
sections' first listing pages).
"""

from __future__ import annotations

from datetime import datetime

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.sites import LEGACY

MIRROR_SITE = LEGACY.host
MIRROR_SECTIONS: tuple[str, ...] = ("Chinh-tri", "Kinh-te", "Xa-hoi")
ARTICLES_PER_SECTION = 30
PAGE_SIZE = 10
NEWEST = datetime(2017, 3, 31, 21, 0, tzinfo=VIETNAM_TZ)
