"""The one real article page we have (``shared/seed-article.txt``), as structured data.

Era 2017, section Chính trị. ``articles.seed_article`` makes it a ``LegacyArticle`` that
the mirror renders with the era_2017 template among Chính trị's generated articles; its
expected item is ``fixtures/era_2017/seed-chinh-tri-859634.json``.
"""

from __future__ import annotations

from typing import TypedDict


class SeedArticle(TypedDict):
    section_slug: str
    article_id: int
    slug: str
    kicker: str
    title: str
    date: tuple[int, int, int, int, int]
    sapo: str
    captions: list[str]
    image_files: list[str]
    image_user: str
    paragraphs: list[str]
    authors: list[str]
    tags: list[str]


SEED_ARTICLE: SeedArticle = {
    "section_slug": "Chinh-tri",
    "article_id": 859634,
    "slug": "chu-dong-sang-tao-tham-muu-giup-viec-ubnd-thanh-pho",
    "kicker": "Văn phòng UBND TP Hà Nội:",
    "title": "Chủ động, sáng tạo tham mưu, giúp việc UBND thành phố",
    "date": (2017, 1, 1, 7, 12),
    "sapo": (
        "(HNM) - Ngày 31-12-2016, Văn phòng UBND TP Hà Nội tổ chức hội nghị cán bộ, công chức, "
        "viên chức và tổng kết công tác cơ quan năm 2016. Ủy viên Trung ương Đảng, Phó Bí thư "
        "Thành ủy, Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung; Phó Chủ tịch UBND thành phố "
        "Nguyễn Doãn Toản dự hội nghị."
    ),
    "captions": ["Chủ tịch UBND TP Nguyễn Đức Chung trao Bằng khen cho các tập thể."],
    "image_files": ["chu-tich-trao-bang-khen.jpg"],
    "image_user": "tuanviet",
    "paragraphs": [
        "Phát biểu tại hội nghị, Chủ tịch UBND thành phố Nguyễn Đức Chung ghi nhận những kết quả "
        "nổi bật của Văn phòng UBND thành phố, nhất là việc sắp xếp tổ chức, kiện toàn cơ cấu tổ "
        "chức bộ máy theo hướng tinh gọn, hiệu quả; sau sắp xếp, tư tưởng của cán bộ, công chức, "
        "viên chức, người lao động ổn định, chất lượng giải quyết công việc nâng lên rõ rệt; tham "
        "mưu cho Chủ tịch UBND thành phố ban hành quy chế làm việc của UBND thành phố nhiệm kỳ "
        "2016-2021, bảo đảm khoa học, đồng bộ, phù hợp với Quy chế làm việc của Chính phủ và Luật "
        "Tổ chức chính quyền địa phương.",
        "Về nhiệm vụ năm 2017, Chủ tịch UBND thành phố Nguyễn Đức Chung yêu cầu, Văn phòng UBND "
        "thành phố cần rà soát lại công tác tiếp nhận đơn thư khiếu nại, tố cáo của người dân; "
        "tổng hợp, tham mưu cho UBND thành phố giải quyết kịp thời. Ban Tiếp công dân phối hợp "
        "chặt chẽ với các quận, huyện, thị xã giải quyết các vụ việc ngay tại cơ sở. Ngoài giải "
        "quyết đơn thư tại cơ sở, Văn phòng UBND thành phố cần tiếp nhận các kiến nghị của người "
        "dân qua hệ thống đường dây nóng, tổng hợp những vấn đề bức xúc, tham mưu phương án giải "
        "quyết sát với thực tiễn. Về công tác cải cách thủ tục hành chính, Chủ tịch UBND thành "
        "phố cũng yêu cầu Văn phòng UBND thành phố trên cơ sở chức năng nhiệm vụ của mình và các "
        "sở, ngành rà soát các khâu liên thông để tránh chồng chéo; xây dựng cơ chế phối hợp giữa "
        "các phòng, ban của Văn phòng với các sở và quận, huyện tạo tính thống nhất trong chỉ "
        "đạo, thực hiện. Chủ tịch UBND thành phố cũng đề nghị Văn phòng UBND thành phố tổ chức "
        "các lớp đào tạo nghiệp vụ cho cán bộ, viên chức, nhằm phát huy sự đoàn kết, nâng cao kỹ "
        "năng làm việc theo nhóm, tham mưu cho UBND thành phố, Chủ tịch và các Phó Chủ tịch kế "
        "hoạch, chương trình, đề án hiệu quả.",
        "Với những kết quả nổi bật, Văn phòng UBND thành phố và 3 cá nhân vinh dự được tặng Cờ "
        "thi đua xuất sắc của Chính phủ, Bằng khen của Thủ tướng Chính phủ; 10 tập thể, 20 cá "
        "nhân được Chủ tịch UBND thành phố tặng Cờ, Bằng khen.",
    ],
    "authors": ["Tuấn Việt"],
    "tags": [],
}
