"""Realistic Vietnamese news text for generated mirror pages, deterministic for a seed.

Sentences are assembled from phrases in the register of Hà Nội Mới's city news; every
phrase is ordinary Vietnamese in NFC. ``ArticleText`` is what one generated article says.
Shared by the eras: era_2017 draws ``article_text`` as it is, era_2019 and era_2023 build
their own text from these phrases (``era_2019/corpus.py``, ``era_2023/corpus.py``).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

PLACES = [
    "quận Hoàn Kiếm",
    "quận Ba Đình",
    "quận Đống Đa",
    "quận Hai Bà Trưng",
    "quận Cầu Giấy",
    "quận Long Biên",
    "quận Hà Đông",
    "huyện Đông Anh",
    "huyện Gia Lâm",
    "huyện Sóc Sơn",
    "thị xã Sơn Tây",
    "huyện Ba Vì",
    "huyện Mê Linh",
    "quận Tây Hồ",
    "quận Thanh Xuân",
]
ACTORS = [
    "UBND thành phố",
    "Sở Giao thông vận tải Hà Nội",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế Hà Nội",
    "Sở Tài chính",
    "Ban Quản lý các khu công nghiệp và chế xuất",
    "Công an thành phố",
    "Liên đoàn Lao động thành phố",
    "Thành đoàn Hà Nội",
    "Sở Văn hóa và Thể thao",
    "Cục Thuế Hà Nội",
    "Sở Kế hoạch và Đầu tư",
]
TOPICS = {
    "Chinh-tri": [
        "công tác cán bộ",
        "cải cách hành chính",
        "tiếp công dân",
        "xây dựng Đảng",
        "quy chế làm việc",
        "giải quyết đơn thư",
    ],
    "Kinh-te": [
        "thu ngân sách",
        "giải ngân vốn đầu tư công",
        "xuất khẩu nông sản",
        "thu hút vốn đầu tư",
        "phát triển doanh nghiệp",
        "bình ổn giá thị trường",
    ],
    "Xa-hoi": [
        "an sinh xã hội",
        "giải quyết việc làm",
        "chăm sóc người cao tuổi",
        "bảo vệ môi trường",
        "xây dựng nông thôn mới",
        "phòng, chống cháy nổ",
    ],
}
VERBS = [
    "tổ chức hội nghị tổng kết",
    "triển khai kế hoạch về",
    "kiểm tra tiến độ",
    "đẩy mạnh",
    "ban hành hướng dẫn về",
    "sơ kết công tác",
    "phát động phong trào về",
    "đối thoại với người dân về",
    "rà soát kết quả",
    "đề xuất giải pháp về",
]
OFFICIALS = [
    "Phó Chủ tịch UBND thành phố",
    "Chủ tịch UBND quận",
    "Giám đốc Sở",
    "Bí thư Quận ủy",
    "Phó Giám đốc Sở",
    "Trưởng ban",
]
NAMES = [
    "Nguyễn Văn Sửu",
    "Lê Hồng Sơn",
    "Ngô Văn Quý",
    "Phạm Thị Thanh Mai",
    "Trần Sỹ Thanh",
    "Nguyễn Mạnh Quyền",
    "Hà Minh Hải",
    "Chử Xuân Dũng",
    "Vũ Thu Hà",
    "Dương Đức Tuấn",
]
REPORTERS = [
    "Tuấn Việt",
    "Minh Phương",
    "Hoàng Lân",
    "Thu Hằng",
    "Ngọc Anh",
    "Phạm Hùng",
    "Lam Nguyễn",
    "Hương Thủy",
    "Thanh Xuân",
    "Bảo Lâm",
    "Nhật Nam",
    "Kim Nhuệ",
]
CLAUSES = [
    "nhằm nâng cao hiệu quả quản lý nhà nước trên địa bàn",
    "bảo đảm quyền lợi hợp pháp của người dân và doanh nghiệp",
    "phấn đấu hoàn thành các chỉ tiêu được giao trong năm",
    "tạo chuyển biến rõ rệt so với cùng kỳ năm trước",
    "góp phần giữ vững ổn định chính trị, trật tự an toàn xã hội",
    "tháo gỡ kịp thời những khó khăn, vướng mắc ở cơ sở",
    "tăng cường phối hợp giữa các sở, ngành và quận, huyện",
    "công khai, minh bạch thông tin để người dân cùng giám sát",
]
RESULTS = [
    "Theo báo cáo, {n} đơn vị đã hoàn thành kế hoạch trước thời hạn",
    "Năm qua, toàn thành phố đã giải quyết {n} hồ sơ đúng hạn",
    "Kết quả kiểm tra cho thấy {p}% số cơ sở thực hiện nghiêm các quy định",
    "Đến nay, đã có {n} hộ dân được hỗ trợ kịp thời",
    "Tổng kinh phí thực hiện chương trình đạt {n} tỷ đồng",
]


@dataclass(frozen=True)
class ArticleText:
    kicker: str
    title: str
    sapo: str
    paragraphs: list[str]
    captions: list[str]
    authors: list[str]
    tags: list[str]


def ascii_slug(text: str) -> str:
    """``"Chủ động, sáng tạo"`` -> ``"chu-dong-sang-tao"`` (the site's URL slugs)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words[:12])


def upload_user(authors: list[str]) -> str:
    """The ``/Uploads/<user>/`` folder of an article's images: its first reporter, or ``hnm``."""
    return ascii_slug(authors[0]).replace("-", "") if authors else "hnm"


def official(rng: random.Random) -> str:
    """``Giám đốc Sở Vũ Thu Hà``: a title and a name."""
    return f"{rng.choice(OFFICIALS)} {rng.choice(NAMES)}"


def headline(actor: str, verb: str, topic: str, place: str) -> str:
    return f"{actor} {verb} {topic} tại {place}"


def lead(opening: str, actor: str, verb: str, topic: str, clause: str) -> str:
    """The sapo: ``<opening>, <actor> <verb> <topic>. <Clause>.``"""
    return f"{opening}, {actor} {verb} {topic}. {clause.capitalize()}."


def instruction(person: str, verb: str, topic: str, clause: str) -> str:
    return f"{person} yêu cầu các đơn vị {verb} {topic}, {clause}."


def report(rng: random.Random) -> str:
    """A sentence of figures: ``Theo báo cáo, 312 đơn vị ..., <clause>.``"""
    result = rng.choice(RESULTS).format(n=rng.randint(12, 980), p=rng.randint(61, 99))
    return f"{result}, {rng.choice(CLAUSES)}."


def visit(place: str, actor: str, verb: str, topic: str) -> str:
    return f"Tại {place}, {actor} đã {verb} {topic}."


def paragraphs(rng: random.Random, sentence: Callable[[], str]) -> list[str]:
    """2-6 paragraphs of 2-4 sentences each."""
    return [
        " ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(2, 6))
    ]


def reporters(rng: random.Random) -> list[str]:
    """The byline: no reporter, one (most often) or two."""
    return rng.sample(REPORTERS, rng.choice([0, 1, 1, 1, 2]))


def tags(rng: random.Random, topic: str, place: str, actor: str) -> list[str]:
    """None, two or three of the article's topic, place, actor and "Hà Nội"."""
    return rng.sample([topic, place, actor, "Hà Nội"], rng.choice([0, 2, 3]))


def _sentence(rng: random.Random, topic: str) -> str:
    person = official(rng)
    pick = rng.randrange(3)
    if pick == 0:
        return instruction(person, rng.choice(VERBS), topic, rng.choice(CLAUSES))
    if pick == 1:
        return report(rng)
    return visit(rng.choice(PLACES), rng.choice(ACTORS), rng.choice(VERBS), topic)


def article_text(rng: random.Random, section_slug: str, day: str) -> ArticleText:
    """One article's text: title, lead, 2-6 paragraphs, captions, bylines and tags."""
    topic = rng.choice(TOPICS.get(section_slug, TOPICS["Xa-hoi"]))
    actor, place = rng.choice(ACTORS), rng.choice(PLACES)
    title = headline(actor, rng.choice(VERBS), topic, place)
    sapo = lead(f"(HNM) - Ngày {day}", actor, rng.choice(VERBS), topic, rng.choice(CLAUSES))
    body = paragraphs(rng, lambda: _sentence(rng, topic))
    captions = [f"{official(rng)} phát biểu tại {place}." for _ in range(rng.choice([0, 1, 1, 2]))]
    authors = reporters(rng)
    picked_tags = tags(rng, topic, place, actor)
    kicker = f"{place.capitalize()}:" if rng.random() < 0.2 else ""
    return ArticleText(kicker, title, sapo, body, captions, authors, picked_tags)
