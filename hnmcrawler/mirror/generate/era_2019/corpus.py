"""era_2019 article text: the shared ``corpus.article_text`` on the era_2019 sections' topics.

The shared ``generate/corpus.py`` knows no topics for the mirror's era_2019 sections (Giáo
dục, Thể thao, Pháp luật), so ``section_text`` draws the generic text and puts one of the
section's topics in place of the generic one. Also the captions of lead images and the body's
subheads. Used by ``articles``.
"""

from __future__ import annotations

import random

from hnmcrawler.mirror.generate.corpus import TOPICS, ArticleText, article_text

TOPICS_2019: dict[str, list[str]] = {
    "Giao-duc": [
        "tuyển sinh vào lớp 10",
        "đổi mới chương trình giáo dục phổ thông",
        "xây dựng trường đạt chuẩn quốc gia",
        "bồi dưỡng đội ngũ giáo viên",
        "dạy học trực tuyến",
        "giáo dục hướng nghiệp",
    ],
    "The-thao": [
        "phong trào thể dục thể thao quần chúng",
        "đào tạo vận động viên trẻ",
        "giải bóng đá thanh thiếu niên",
        "chuẩn bị lực lượng cho SEA Games 31",
        "giải chạy vì cộng đồng",
        "xã hội hóa thể thao",
    ],
    "Phap-luat": [
        "phòng, chống tội phạm",
        "tuyên truyền, phổ biến pháp luật",
        "xử lý vi phạm trật tự xây dựng",
        "phòng, chống buôn lậu và gian lận thương mại",
        "bảo đảm trật tự an toàn giao thông",
        "thi hành án dân sự",
    ],
}
LEAD_CAPTIONS = ["Ảnh minh họa", "Quang cảnh buổi làm việc.", "Các đại biểu tham dự sự kiện."]
SUBHEADS = ["Nhiều giải pháp đồng bộ", "Hiệu quả bước đầu", "Cần sự vào cuộc của cả hệ thống"]


def section_text(rng: random.Random, slug: str, day: str) -> ArticleText:
    """``corpus.article_text`` with the section's own topic in place of the generic one."""
    text = article_text(rng, slug, day)
    old = next(t for t in TOPICS["Xa-hoi"] if t in text.title)
    new = rng.choice(TOPICS_2019[slug])

    def swap(value: str) -> str:
        return value.replace(old, new)

    return ArticleText(
        text.kicker,
        swap(text.title),
        swap(text.sapo),
        [swap(p) for p in text.paragraphs],
        text.captions,
        text.authors,
        [swap(t) for t in text.tags],
    )
