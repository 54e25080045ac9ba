"""era_2023 article text: the shared corpus's phrases set in Hà Nội's wards and communes of 2025.

The sentences, headlines and sapos have the shapes of the shared ``generate/corpus.py``; what
differs is the places (the wards and communes since July 2025), the sapo's opening
(``Sáng 20-2``), the captions with their photo credit, and the order the dice are thrown in,
which the generated mirror depends on. Used by ``articles``.
"""

from __future__ import annotations

import random
from datetime import datetime

from hnmcrawler.mirror.generate import corpus

# Hà Nội's wards and communes since July 2025.
PLACES = (
    "phường Hoàn Kiếm",
    "phường Ba Đình",
    "phường Đống Đa",
    "phường Cầu Giấy",
    "phường Long Biên",
    "phường Hà Đông",
    "phường Tây Hồ",
    "phường Thanh Xuân",
    "xã Đông Anh",
    "xã Gia Lâm",
    "xã Sóc Sơn",
    "phường Sơn Tây",
)
SUBHEADINGS = (
    "Tăng cường kiểm tra, giám sát",
    "Tháo gỡ khó khăn cho cơ sở",
    "Nhiều cách làm sáng tạo",
    "Phấn đấu hoàn thành chỉ tiêu năm",
)
CAPTIONS = (
    "{official} {name} phát biểu tại {place}",
    "Quang cảnh buổi làm việc tại {place}",
    "Lực lượng chức năng kiểm tra tại {place}",
    "Người dân tham gia hoạt động tại {place}",
)


def sentence(rng: random.Random, topic: str) -> str:
    """One sentence of the body: an instruction, a report of figures or a visit."""
    pick = rng.randrange(3)
    if pick == 0:
        person = corpus.official(rng)
        return corpus.instruction(
            person, rng.choice(corpus.VERBS), topic, rng.choice(corpus.CLAUSES)
        )
    if pick == 1:
        return corpus.report(rng)
    actor, verb = rng.choice(corpus.ACTORS), rng.choice(corpus.VERBS)
    return corpus.visit(rng.choice(PLACES), actor, verb, topic)


def part_of_day(when: datetime) -> str:
    """``Sáng``, ``Trưa``, ``Chiều`` or ``Tối``: how a sapo opens."""
    if when.hour < 11:
        return "Sáng"
    if when.hour < 13:
        return "Trưa"
    return "Chiều" if when.hour < 18 else "Tối"


def title_and_sapo(
    rng: random.Random, topic: str, actor: str, place: str, when: datetime
) -> tuple[str, str]:
    """The headline and the sapo (``Sáng 20-2, <actor> <verb> <topic>. <Clause>.``)."""
    verb = rng.choice(corpus.VERBS)
    opening = f"{part_of_day(when)} {when.day}-{when.month}"
    sapo = corpus.lead(opening, actor, verb, topic, rng.choice(corpus.CLAUSES))
    return corpus.headline(actor, verb, topic, place), sapo


def caption(rng: random.Random, place: str, credits: list[str]) -> str:
    """A figure's caption with its photo credit, or (one time in seven or so) none."""
    subject = rng.choice(CAPTIONS).format(
        official=rng.choice(corpus.OFFICIALS), name=rng.choice(corpus.NAMES), place=place
    )
    return "" if rng.random() < 0.15 else f"{subject}. Ảnh: {rng.choice(credits)}"
