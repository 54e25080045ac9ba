"""Realistic Vietnamese news text for generated mirror pages, deterministic for a seed.

Sentences are assembled from phrases in the register of Hà Nội Mới's city news; every
phrase is ordinary Vietnamese in NFC. ``ArticleText`` is what one generated article says.
"""

from __future__ import annotations

import random
import unicodedata
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


def _sentence(rng: random.Random, topic: str) -> str:
    official = f"{rng.choice(OFFICIALS)} {rng.choice(NAMES)}"
    pick = rng.randrange(3)
    if pick == 0:
        return f"{official} yêu cầu các đơn vị {rng.choice(VERBS)} {topic}, {rng.choice(CLAUSES)}."
    if pick == 1:
        return (
            rng.choice(RESULTS).format(n=rng.randint(12, 980), p=rng.randint(61, 99))
            + f", {rng.choice(CLAUSES)}."
        )
    return f"Tại {rng.choice(PLACES)}, {rng.choice(ACTORS)} đã {rng.choice(VERBS)} {topic}."


def article_text(rng: random.Random, section_slug: str, day: str) -> ArticleText:
    """One article's text: title, lead, 2-6 paragraphs, captions, bylines and tags."""
    topic = rng.choice(TOPICS.get(section_slug, TOPICS["Xa-hoi"]))
    actor, place = rng.choice(ACTORS), rng.choice(PLACES)
    title = f"{actor} {rng.choice(VERBS)} {topic} tại {place}"
    sapo = (
        f"(HNM) - Ngày {day}, {actor} {rng.choice(VERBS)} {topic}. "
        f"{rng.choice(CLAUSES).capitalize()}."
    )
    paragraphs = [
        " ".join(_sentence(rng, topic) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(2, 6))
    ]
    captions = [
        f"{rng.choice(OFFICIALS)} {rng.choice(NAMES)} phát biểu tại {place}."
        for _ in range(rng.choice([0, 1, 1, 2]))
    ]
    authors = rng.sample(REPORTERS, rng.choice([0, 1, 1, 1, 2]))
    tags = rng.sample([topic, place, actor, "Hà Nội"], rng.choice([0, 2, 3]))
    kicker = f"{place.capitalize()}:" if rng.random() < 0.2 else ""
    return ArticleText(kicker, title, sapo, paragraphs, captions, authors, tags)
