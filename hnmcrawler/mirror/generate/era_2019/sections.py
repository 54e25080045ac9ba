"""The era_2019 part of the bundled mirror: which sections, their sizes, ids and subsections.

Not the era_2017 sections: that era owns the host's ``robots.txt``, home page and its own
sections. Read by ``articles`` (sizes, ids, dates, subsections), ``site`` (paging, category
ids) and ``generate.mirror_listings`` (the sections' first listing pages).
"""

from __future__ import annotations

from datetime import datetime

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.generate.era_2019.model import Subsection
from hnmcrawler.sites import LEGACY

MIRROR_SITE = LEGACY.host
MIRROR_SECTIONS: dict[str, int] = {"Giao-duc": 164, "The-thao": 170, "Phap-luat": 175}
FIRST_IDS: dict[str, int] = {"Giao-duc": 1069900, "The-thao": 1051900, "Phap-luat": 1033900}
# Section sizes: a last batch of 4, of 7, and a full one (then the empty answer each time).
ARTICLES_PER_SECTION: dict[str, int] = {"Giao-duc": 34, "The-thao": 27, "Phap-luat": 30}
PAGE_SIZE = 10
NEWEST = datetime(2022, 12, 20, 21, 0, tzinfo=VIETNAM_TZ)
SUBSECTIONS: dict[str, tuple[Subsection, ...]] = {
    "Giao-duc": (Subsection("Tuyen-sinh", "Tuyển sinh", 521), Subsection("Du-hoc", "Du học", 522)),
    "The-thao": (Subsection("Bong-da", "Bóng đá", 531), Subsection("Quan-vot", "Quần vợt", 532)),
    "Phap-luat": (
        Subsection("Phap-dinh", "Pháp đình", 541),
        Subsection("Chuyen-an", "Chuyên án", 542),
    ),
}
