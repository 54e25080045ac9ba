"""Throughput and agreement of parse_vietnamese_datetime against plain dateparser.

Run ``python benchmarks/dates.py``. Two corpora, measured side by side in one run:

- "site shapes": a seeded corpus renders random Vietnam-time datetimes in every shape the
  site and Vietnamese news sites print (relative ones against a fixed now); each string is
  scored against the datetime it was rendered from.
- "page slots": what a page's date slots really hold: 70% strings of the first corpus, 15%
  odd shapes (``ODD_SHAPES``) and 15% text holding no date (``EMPTY_SLOTS``: labels, empty
  tags, times alone, ``N/A``), both tables with expected values written by hand.

Both parsers read every string; dateparser's naive results are taken as Vietnam time. For
each corpus: calls per CPU second of each, their ratio (target: at least 100x), and every
string dateparser gets right and ours gets wrong (target: none). Figures only, no asserts.
"""

from __future__ import annotations

import random
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hnmcrawler.dates import VIETNAM_TZ, parse_vietnamese_datetime

NOW = datetime(2026, 2, 20, 16, 39, tzinfo=VIETNAM_TZ)
SEED = 2017
PER_SHAPE = 30
ROUNDS = 3
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
SHORT_WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
MONTHS = ("Một", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười Một",
          "Mười Hai")  # fmt: skip
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Shape = Callable[[datetime], str]
Case = tuple[str, str, datetime | None]  # shape name, text, the instant it prints (or None)


def dmy(v: datetime) -> str:
    return f"{v:%d/%m/%Y}"


def era_2017(v: datetime) -> str:
    return f"{v:%H:%M} {WEEKDAYS[v.weekday()]} ngày {dmy(v)}"


def rfc_822(v: datetime, zone: str) -> str:
    return f"{EN_DAYS[v.weekday()]}, {v.day:02d} {EN_MONTHS[v.month - 1]} {v:%Y %H:%M:%S} {zone}"


def twelve_hour(v: datetime) -> str:
    half = "SA" if v.hour < 12 else "CH"
    return f"{(v.hour - 1) % 12 + 1:02d}:{v:%M} {half} {dmy(v)}"


def with_offset(v: datetime, minutes: int) -> datetime:
    """``v`` on another clock (Vietnam ran UTC+8 in 1960-1975, per tzdb)."""
    return v.astimezone(timezone(timedelta(minutes=minutes)))


# Absolute shapes: (name, render, keeps the time of day). Date-only shapes mean midnight.
ABSOLUTE: list[tuple[str, Shape, bool]] = [
    ("era 2017 line", era_2017, True),
    ("section label + era 2017", lambda v: f"Chính trị | {era_2017(v)}", True),
    (
        "era 2017, NFD + odd spaces",
        lambda v: (
            unicodedata.normalize("NFD", era_2017(v).replace(" ", "\u00a0", 2))
            + "\u200b | 5 bình luận"
        ),
        True,
    ),
    ("HH:MM - DD/MM/YYYY", lambda v: f" {v:%H:%M} - {dmy(v)}", True),
    ("Thứ X, DD/MM/YYYY - HH:MM", lambda v: f"{WEEKDAYS[v.weekday()]}, {dmy(v)} - {v:%H:%M}", True),
    (
        "HH:MM Thứ X ngày DD/MM/YYYY",
        lambda v: f" {v:%H:%M} {WEEKDAYS[v.weekday()]} ngày {dmy(v)}",
        True,
    ),
    ("Cập nhật: DD/MM/YYYY HH:MM", lambda v: f"Cập nhật: {dmy(v)} {v:%H:%M}", True),
    ("Đăng lúc HH:MM DD/MM/YYYY", lambda v: f"Đăng lúc {v:%H:%M} {dmy(v)}", True),
    ("DD/MM/YYYY HH:MM (GMT+7)", lambda v: f"{with_offset(v, 420):%d/%m/%Y %H:%M} (GMT+7)", True),
    (
        "DD/MM/YYYY HH:MM GMT+07:00",
        lambda v: f"{with_offset(v, 420):%d/%m/%Y %H:%M} GMT+07:00",
        True,
    ),
    ("HHhMM, DD/MM/YYYY", lambda v: f"{v:%H}h{v:%M}, {dmy(v)}", True),
    (
        "H giờ M phút ngày D tháng M năm Y",
        lambda v: f"{v.hour} giờ {v.minute} phút, ngày {v.day} tháng {v.month} năm {v.year}",
        True,
    ),
    ("HH:MM SA/CH DD/MM/YYYY", twelve_hour, True),
    (
        "T2..CN, DD/MM/YYYY HH:MM",
        lambda v: f"{SHORT_WEEKDAYS[v.weekday()]}, {dmy(v)} {v:%H:%M}",
        True,
    ),
    ("ngày D tháng M năm YYYY", lambda v: f"ngày {v.day} tháng {v.month} năm {v.year}", False),
    (
        "D tháng <name> năm YYYY",
        lambda v: f"{v.day} tháng {MONTHS[v.month - 1]} năm {v.year}",
        False,
    ),
    ("DD-MM-YYYY", lambda v: f"{v:%d-%m-%Y}", False),
    ("D/M/YY", lambda v: f"{v.day}/{v.month}/{v:%y}", False),
    ("DD-MM-YYYY HH:MM", lambda v: f"{v:%d-%m-%Y %H:%M}", True),
    ("DD/MM/YYYY - HH:MM", lambda v: f"{dmy(v)} - {v:%H:%M}", True),
    ("HH:MM DD/MM/YYYY", lambda v: f"{v:%H:%M} {dmy(v)}", True),
    ("DD/MM/YYYY HH:MM", lambda v: f"{dmy(v)} {v:%H:%M}", True),
    ("Thứ X, DD/MM/YYYY", lambda v: f"{WEEKDAYS[v.weekday()]}, {dmy(v)}", False),
    ("ISO 8601 +07:00", lambda v: v.isoformat(), True),
    (
        "ISO 8601 Z with fraction",
        lambda v: v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        True,
    ),
    (
        "ISO 8601 other offset",
        lambda v: with_offset(v, 60 * (v.minute % 25 - 11)).isoformat(),
        True,
    ),
    ("API YYYY-MM-DD HH:MM:SS", lambda v: f"{v:%Y-%m-%d %H:%M:%S}", True),
    ("/Date(ms)/", lambda v: f"/Date({int(v.timestamp()) * 1000})/", True),
    ("RFC 822 +0700", lambda v: rfc_822(v, v.strftime("%z")), True),
    ("RFC 822 GMT", lambda v: rfc_822(v.astimezone(UTC), "GMT"), True),
]


def random_datetime(rng: random.Random) -> datetime:
    """A minute in 1957 .. NOW whose Vietnam wall time is neither skipped nor repeated."""
    span = int((NOW - datetime(1957, 1, 1, tzinfo=VIETNAM_TZ)).total_seconds() // 60)
    while True:
        wall = datetime(1957, 1, 1) + timedelta(minutes=rng.randrange(span))
        value = wall.replace(tzinfo=VIETNAM_TZ)
        if value.replace(fold=1).utcoffset() == value.utcoffset():
            return value


def relative_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = [("vừa xong", "vừa xong", NOW)]
    for _ in range(PER_SHAPE):
        n, hour, minute = rng.randrange(1, 60), rng.randrange(24), rng.randrange(60)
        midnight = NOW.replace(hour=0, minute=0)
        cases += [
            ("N phút trước", f"{n} phút trước", NOW - timedelta(minutes=n)),
            ("N giờ trước", f"{n % 23 + 1} giờ trước", NOW - timedelta(hours=n % 23 + 1)),
            ("N ngày trước", f"{n} ngày trước", NOW - timedelta(days=n)),
            ("hôm qua lúc HH:MM", f"hôm qua lúc {hour:02d}:{minute:02d}",
             midnight - timedelta(days=1) + timedelta(hours=hour, minutes=minute)),
            ("Hôm nay, HH:MM", f"Hôm nay, {hour:02d}:{minute:02d}",
             midnight + timedelta(hours=hour, minutes=minute)),
        ]  # fmt: skip
    return [*cases, ("hôm qua", "hôm qua", NOW.replace(hour=0, minute=0) - timedelta(days=1))]


# Shapes that Vietnamese news sites print besides the site's own, and shapes that must be None
# (ambiguous or contradictory). Expected values written by hand, in Vietnam time.
ODD_SHAPES: list[tuple[str, str | None]] = [
    ("9:5 15/02/2017", "2017-02-15T09:05"),
    ("Thứ Tư, 15/2/2017 - 9:5", "2017-02-15T09:05"),
    ("16h chiều 23-8-2025", "2025-08-23T16:00"),
    ("16h30 chiều 23/8/2025", "2025-08-23T16:30"),
    ("20:15 tối 1/2/2025", "2025-02-01T20:15"),
    ("4h chiều 1/2/2025", "2025-02-01T16:00"),
    ("8:15 tối, 1/2/2025", "2025-02-01T20:15"),
    ("12 giờ trưa 1/2/2025", "2025-02-01T12:00"),
    ("29-12-2025 - 16:16 PM", "2025-12-29T16:16"),
    ("16:16 PM 29/12/2025", "2025-12-29T16:16"),
    ("4:16 PM 29/12/2025", "2025-12-29T16:16"),
    ("Tháng Mười Hai 29, 2013, 14:14", "2013-12-29T14:14"),
    ("29 Tháng Mười Hai 2013", "2013-12-29T00:00"),
    ("5 thg 10, 2025", "2025-10-05T00:00"),
    ("5 tháng 10 năm 2025", "2025-10-05T00:00"),
    ("tháng 10 5, 2025", "2025-10-05T00:00"),
    ("Ngày 20 tháng 2 năm 2026 lúc 8 giờ 15 phút", "2026-02-20T08:15"),
    ("Mon Nov 27 2023 11:28:33 GMT+0700 (Indochina Time)", "2023-11-27T11:28:33"),
    ("Tue Feb 10 2026 02:05:09 GMT+0000 (Coordinated Universal Time)", "2026-02-10T09:05:09"),
    ("Feb 10, 2026 8:15 AM", "2026-02-10T08:15"),
    ("12/25/2024 2:30:00 PM", "2024-12-25T14:30"),
    ("2/12/2024 2:30:00 PM", None),
    ("16h sáng 23-8-2025", None),
    ("20/02/2026 08:15:30", "2026-02-20T08:15:30"),
    ("2026-02-20T01:15:00.000Z", "2026-02-20T08:15"),
    ("20.02.2026 | 08:15", "2026-02-20T08:15"),
    ("08:15 | 20-02-2026", "2026-02-20T08:15"),
    ("20/02/2026 8h15", "2026-02-20T08:15"),
    ("Chủ nhật, 1/2/2026, 21:30 (GMT+7)", "2026-02-01T21:30"),
    ("Thứ Sáu, 20/2/2026 | 8:15", "2026-02-20T08:15"),
]
# What a page's date slot holds when it prints no date.
EMPTY_SLOTS = [
    "N/A", "null", "None", "undefined", "", "  ", "\n\t", "-", "—", "|", "Thứ Hai", "Chủ Nhật",
    "Thứ Sáu,", "Cập nhật:", "Cập nhật lúc", "Ngày đăng:", "Đăng lúc:", "Xuất bản:", "16:39",
    "9h30", "07:12 SA", "Cập nhật: 16:39", "Chính trị |", "5 bình luận", "0 bình luận",
    "Bài trước", "Xem thêm", "Tin 24h", "<time></time>", "&nbsp;",
]  # fmt: skip


def build_corpus() -> list[Case]:
    """(shape name, text, the datetime the text was rendered from)."""
    rng = random.Random(SEED)
    corpus: list[Case] = []
    for name, render, keeps_time in ABSOLUTE:
        for _ in range(PER_SHAPE):
            value = random_datetime(rng)
            expected = value if keeps_time else value.replace(hour=0, minute=0)
            corpus.append((name, render(value), expected))
    return corpus + relative_cases(rng)


def build_slots(site: list[Case]) -> list[Case]:
    """70% site shapes, 15% odd shapes, 15% slots without a date, shuffled."""
    odd: list[Case] = [
        ("odd", text, datetime.fromisoformat(iso).replace(tzinfo=VIETNAM_TZ) if iso else None)
        for text, iso in ODD_SHAPES
    ]
    empty: list[Case] = [("no date", text, None) for text in EMPTY_SLOTS]
    rng = random.Random(SEED)  # the two tables are as long: 15% each
    slots = rng.sample(site, round(len(odd) / 0.15 * 0.70)) + odd + empty
    rng.shuffle(slots)
    return slots


def reference_parse(text: str) -> datetime | None:
    value = dateparser.parse(text, languages=["vi"], settings={"DATE_ORDER": "DMY"})
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_TZ)
    return value


def calls_per_second(parse: Callable[[str], datetime | None], texts: list[str]) -> float:
    """The best of ROUNDS rounds, each of whole passes over ``texts`` for at least a second of
    this process's CPU time (so that other work on a shared machine does not count)."""
    rates = []
    for _ in range(ROUNDS):
        calls, start = 0, time.process_time()
        while calls == 0 or time.process_time() - start < 1.0:
            for text in texts:
                parse(text)
            calls += len(texts)
        rates.append(calls / (time.process_time() - start))
    return max(rates)


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.astimezone(UTC) == b.astimezone(UTC)


def parsed_afresh(text: str) -> datetime | None:
    """Ours, as a crawl calls it (nothing is remembered between calls)."""
    return parse_vietnamese_datetime(text, now=NOW)


def score(corpus: list[Case]) -> dict[str, list[str]]:
    """Each string that one parser or both get wrong, by who got it wrong."""
    wrong: dict[str, list[str]] = {"ours only": [], "dateparser only": [], "both": []}
    for name, text, expected in corpus:
        mine = same_instant(parse_vietnamese_datetime(text, now=NOW), expected)
        other = same_instant(reference_parse(text), expected)
        if not (mine and other):
            key = "both" if not (mine or other) else "ours only" if other else "dateparser only"
            wrong[key].append(f"[{name}] {text!r} (expected {expected})")
    return wrong


def measure(corpus: list[Case]) -> tuple[list[str], dict[str, list[str]]]:
    """The figures of one corpus, and its strings that one parser or both get wrong."""
    texts = [text for _, text, _ in corpus]
    ours, theirs = calls_per_second(parsed_afresh, texts), calls_per_second(reference_parse, texts)
    wrong = score(corpus)
    figures = [
        f"{len(corpus)}", f"{ours:,.0f}", f"{theirs:,.0f}", f"{ours / theirs:,.1f}x",
        f"{len(wrong['dateparser only'])}", f"{len(wrong['ours only'])}", f"{len(wrong['both'])}",
    ]  # fmt: skip
    return figures, wrong


LABELS = (
    "corpus strings", "parse_vietnamese_datetime calls/s", "dateparser.parse calls/s",
    "ratio (ours / dateparser)", "ours right, dateparser wrong", "dateparser right, ours wrong",
    "both wrong",
)  # fmt: skip


def main() -> int:
    site = build_corpus()
    corpora = {"site shapes": site, "page slots": build_slots(site)}
    results = {name: measure(corpus) for name, corpus in corpora.items()}
    print(f"{'':<36} " + " ".join(f"{name:>12}" for name in corpora))
    for row, label in enumerate(LABELS):
        print(f"{label:<36} " + " ".join(f"{results[n][0][row]:>12}" for n in corpora))
    for name, (_, wrong) in results.items():
        print(f"\n{name}: dateparser right, ours wrong: {len(wrong['ours only']) or 'none'}")
        for line in wrong["ours only"] + [f"(both wrong) {text}" for text in wrong["both"]]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
