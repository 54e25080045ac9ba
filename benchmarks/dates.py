"""Throughput and agreement of parse_vietnamese_datetime against plain dateparser.

Run ``python benchmarks/dates.py``. A seeded corpus renders random Vietnam-time datetimes in
every shape the site and Vietnamese news sites print (relative ones against a fixed now),
then both parsers read every string and are scored against the datetime each string was
rendered from. dateparser's naive results are taken as Vietnam time. Figures only, no asserts.
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


def relative_cases(rng: random.Random) -> list[tuple[str, str, datetime]]:
    cases: list[tuple[str, str, datetime]] = [("vừa xong", "vừa xong", NOW)]
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


def build_corpus() -> list[tuple[str, str, datetime]]:
    """(shape name, text, the datetime the text was rendered from)."""
    rng = random.Random(SEED)
    corpus = []
    for name, render, keeps_time in ABSOLUTE:
        for _ in range(PER_SHAPE):
            value = random_datetime(rng)
            expected = value if keeps_time else value.replace(hour=0, minute=0)
            corpus.append((name, render(value), expected))
    return corpus + relative_cases(rng)


def reference_parse(text: str) -> datetime | None:
    value = dateparser.parse(text, languages=["vi"], settings={"DATE_ORDER": "DMY"})
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_TZ)
    return value


def calls_per_second(parse: Callable[[str], datetime | None], texts: list[str]) -> float:
    """The best of ROUNDS rounds, each of whole passes over ``texts`` for at least a second."""
    rates = []
    for _ in range(ROUNDS):
        calls, start = 0, time.perf_counter()
        while calls == 0 or time.perf_counter() - start < 1.0:
            for text in texts:
                parse(text)
            calls += len(texts)
        rates.append(calls / (time.perf_counter() - start))
    return max(rates)


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.astimezone(UTC) == b.astimezone(UTC)


# Index: 2 * (ours right) + (dateparser right); both right never differ.
CATEGORIES = ("both wrong", "dateparser right, ours wrong", "ours right, dateparser wrong")


def parsed_afresh(text: str) -> datetime | None:
    """Ours, as a crawl calls it (nothing is remembered between calls)."""
    return parse_vietnamese_datetime(text, now=NOW)


def main() -> int:
    corpus = build_corpus()
    texts = [text for _, text, _ in corpus]
    ours = {text: parse_vietnamese_datetime(text, now=NOW) for text in texts}
    theirs = {text: reference_parse(text) for text in texts}
    ours_rate = calls_per_second(parsed_afresh, texts)
    theirs_rate = calls_per_second(reference_parse, texts)
    tally = dict.fromkeys(CATEGORIES, 0)
    ours_wrong = 0
    for name, text, expected in corpus:
        mine, other = same_instant(ours[text], expected), same_instant(theirs[text], expected)
        if not mine:
            ours_wrong += 1
            print(f"ours wrong [{name}]: {text!r} -> {ours[text]} (expected {expected})")
        if not same_instant(ours[text], theirs[text]):
            tally[CATEGORIES[2 * mine + other]] += 1
    rows = [
        ("corpus strings", f"{len(corpus)}"),
        ("parse_vietnamese_datetime calls/s", f"{ours_rate:,.0f}"),
        ("dateparser.parse calls/s", f"{theirs_rate:,.0f}"),
        ("ratio (ours / dateparser)", f"{ours_rate / theirs_rate:,.1f}x"),
        ("results that differ", f"{sum(tally.values())}"),
        *((f"  {key}", f"{tally[key]}") for key in CATEGORIES[::-1]),
        ("ours wrong, differing or not", f"{ours_wrong}"),
    ]
    for label, figure in rows:
        print(f"{label:<36} {figure:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
