"""The era_2023 part of the bundled mirror: which sections, and when each list item was published.

``SECTIONS`` is the table of mirrored hanoimoi.vn sections (slug, channel id, breadcrumb,
topics); ``schedule`` decides each section's slots, newest first: when, whether the slot is
an article or an item the crawler skips (video, e-magazine...), and its id (``pid``). Read by
``articles`` (``schedule``), ``site`` (paging) and ``generate.mirror_listings``
(``MIRROR_SITE``, ``MIRROR_SECTIONS``: the sections' first listing pages).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.generate import corpus
from hnmcrawler.mirror.generate.era_2023.model import Crumb
from hnmcrawler.mirror.generate.size import gap, stretch
from hnmcrawler.sites import CURRENT


@dataclass(frozen=True)
class MirrorSection:
    slug: str
    channel: int  # assumed: the real slug -> channel id mapping is unknown
    crumbs: tuple[Crumb, ...]
    topics: tuple[str, ...]


SECTIONS: tuple[MirrorSection, ...] = (
    MirrorSection("kinh-te", 463, (Crumb("Kinh tế", "/kinh-te"),), tuple(corpus.TOPICS["Kinh-te"])),
    MirrorSection(
        "do-thi/giao-thong",
        472,
        (Crumb("Đô thị", "/do-thi"), Crumb("Giao thông", "/do-thi/giao-thong")),
        (
            "tổ chức lại giao thông",
            "xử lý điểm đen tai nạn giao thông",
            "phát triển vận tải hành khách công cộng",
            "chống ùn tắc giao thông",
            "xây dựng tuyến đường sắt đô thị",
            "chỉnh trang hè phố",
        ),
    ),
    MirrorSection(
        "van-hoa/the-thao",
        481,
        (Crumb("Văn hóa", "/van-hoa"), Crumb("Thể thao", "/van-hoa/the-thao")),
        (
            "phong trào thể dục thể thao quần chúng",
            "đào tạo vận động viên trẻ",
            "giải chạy vì cộng đồng",
            "phát triển thể thao thành tích cao",
            "giải bóng đá thiếu niên",
            "công tác chuẩn bị Đại hội Thể dục thể thao",
        ),
    ),
)
MIRROR_SITE = CURRENT.host
MIRROR_SECTIONS: tuple[str, ...] = tuple(section.slug for section in SECTIONS)
KINH_TE_SUB = Crumb("Tài chính", "/kinh-te/tai-chinh")  # assumed subsection of Kinh tế
PAGE_SIZE = 10
BUNDLED_SECTION = 30  # about how many articles a section of the bundled mirror lists
NEWEST = datetime(2026, 2, 20, 16, 39, tzinfo=VIETNAM_TZ)  # the newest article has LAST_ID
LAST_ID = 1266648


@dataclass
class Slot:
    """A place in a section's list: when, whether an article, and its id (``pid``)."""

    when: datetime
    article: bool
    pid: int = 0


def schedule(rng: random.Random, counts: list[int] | None = None) -> dict[str, list[Slot]]:
    """Each section's slots, newest first (``counts`` articles a section, or 25-35); ids fall
    with time across all sections, closer together when there are many."""
    slots: dict[str, list[Slot]] = {}
    for n, section in enumerate(SECTIONS):
        count = counts[n] if counts else rng.randint(25, 35)
        others = {rng.randint(2, PAGE_SIZE - 2), rng.randint(PAGE_SIZE, count)}
        others |= {rng.randint(PAGE_SIZE, count) for _ in range(count // BUNDLED_SECTION - 1)}
        closer = stretch(BUNDLED_SECTION, count) if counts else 1.0
        when = NEWEST - timedelta(hours=5 * n, minutes=rng.randint(1, 50) if n else 0)
        slots[section.slug] = []
        for i in range(count + len(others)):
            slots[section.slug].append(Slot(when, i not in others))
            step = closer * timedelta(days=rng.randint(1, 9), minutes=rng.randint(-300, 300))
            when = (when - step).replace(second=0, microsecond=0)  # the site prints minutes
    total = sum(len(v) for v in slots.values())
    closer = stretch(BUNDLED_SECTION * len(SECTIONS), total) if counts else 1.0
    pid = LAST_ID
    for slot in sorted((s for v in slots.values() for s in v), key=lambda s: s.when, reverse=True):
        slot.pid = pid
        pid -= gap(rng.randint(40, 900), closer)
    return slots
