"""The bad-pages table: each page of the corpus and what a crawl must make of it.

A page ends in a ``Stored`` article (the fields the store must hold) or a ``Dropped`` one
(the crawl stats key that counts it and the log line that names it, once). The small pages
are files under ``site/``; ``write_generated`` writes the big ones into a copy of it.

Listings (``archive`` spider): ``Danh-muc-tin/190/Kinh-te`` links every page below plus
``javascript:``, ``mailto:``, off-site and protocol-relative off-site links, and its "next"
link is ``javascript:``; ``Danh-muc-tin/163/Xa-hoi`` pages 1 -> 2 -> 3 -> back to 1 (written
``http://www.…/Xa-hoi/#trang-1``); the generated ``Danh-muc-tin/101/Chinh-tri`` has
thousands of links (30 articles, each under 100 spellings, and a sidebar of 2,000 more) and
a "next" link to itself. robots.txt (a BOM, CRLF line ends) disallows ``/Tin-tuc/Bi-mat/``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

HOST = "http://hanoimoi.com.vn"
SITE = Path(__file__).resolve().parent / "site"
KINH_TE = f"{HOST}/Danh-muc-tin/190/Kinh-te"
XA_HOI = f"{HOST}/Danh-muc-tin/163/Xa-hoi"
CHINH_TRI = f"{HOST}/Danh-muc-tin/101/Chinh-tri"
MAX_SIZE = 1024 * 1024  # DOWNLOAD_MAXSIZE of the test crawls (16 MiB in production)
WARN_SIZE = 256 * 1024


@dataclass(frozen=True)
class Stored:
    """The article as the store must hold it (``published_at`` as SQLite keeps it: UTC)."""

    title: str
    sapo: str
    body: str
    authors: tuple[str, ...]
    published_at: str
    section: str = "Kinh tế"


@dataclass(frozen=True)
class Dropped:
    """Counted under ``stat``; ``log`` (with the URL) is logged exactly once."""

    stat: str
    log: str


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    outcome: Stored | Dropped
    content_type: str | None = None  # the mirror's Content-Type, when not its default

    @property
    def path(self) -> str:
        """The mirror request path of the page (``MirrorServer.requests`` key)."""
        return "/" + self.url.removeprefix("http://")


def _article(path: str) -> str:
    return f"{HOST}/Tin-tuc/{path}"


KINH_TE_CASES = (
    Case(
        "malformed markup",  # unclosed and crossed tags, upper case, unquoted attributes
        _article("Kinh-te/990001/bai-sai-cu-phap"),
        Stored(
            title="Chợ Đồng Xuân mở cửa lại sau cải tạo",
            sapo="(HNM) - Sáng 5-3, chợ Đồng Xuân mở cửa lại sau hai năm cải tạo.",
            body="Các tiểu thương đã trở lại kinh doanh\n\nổn định từ sáng sớm.\n\n"
            "Ban quản lý chợ cho biết đã bố trí 1.200 điểm kinh doanh & hơn 300 chỗ để xe.\n\n"
            "Chợ mở cửa từ 6 giờ đến 18 giờ hằng ngày\n\nkể cả thứ Bảy và Chủ nhật.",
            authors=("Minh Anh",),
            published_at="2017-03-06 01:30:00.000000",
        ),
    ),
    Case(
        "scripts, styles, noscript and an iframe in the body",
        _article("Kinh-te/990002/bai-co-script"),
        Stored(
            title="Hà Nội công bố giá nước sạch mới",
            sapo="(HNM) - UBND thành phố vừa công bố bảng giá nước sạch áp dụng từ tháng 4.",
            body="Giá nước sinh hoạt bậc một là 5.973 đồng mỗi mét khối.\n\n"
            "Các hộ nghèo được hỗ trợ 10 mét khối đầu tiên.",
            authors=("Thu Hà",),
            published_at="2017-03-07 03:15:00.000000",
        ),
    ),
    Case(
        "windows-1258 bytes, declared windows-1258",
        _article("Kinh-te/990003/bai-windows-1258"),
        Stored(
            title="Giá vàng giảm mạnh trong phiên đầu tuần",
            sapo="(HNM) - Sáng 13-3, giá vàng trong nước giảm hơn 200 nghìn đồng mỗi lượng.",
            body="Các doanh nghiệp kinh doanh vàng điều chỉnh giá theo thị trường thế giới.\n\n"
            "Người dân được khuyến cáo thận trọng khi đầu tư.",
            authors=("Đức Minh",),
            published_at="2017-03-13 02:00:00.000000",
        ),
        content_type="text/html; charset=windows-1258",
    ),
    Case(
        "windows-1258 bytes served as UTF-8, their meta says windows-1258",
        _article("Kinh-te/990004/bai-windows-1258-gan-nhan-utf-8"),
        Stored(
            title="Xuất khẩu nông sản tăng trưởng ổn định",
            sapo="(HNM) - Quý I, kim ngạch xuất khẩu nông sản của Hà Nội ước đạt 350 triệu USD.",
            body="Rau quả và gạo dẫn đầu về tốc độ tăng trưởng.\n\n"
            "Sở Công thương đề nghị các hợp tác xã mở rộng vùng trồng.",
            authors=("Lê Hồng",),
            published_at="2017-03-15 07:20:00.000000",
        ),
        content_type="text/html; charset=utf-8",
    ),
    Case(
        "UTF-8 bytes declared iso-8859-1 in header and meta",
        _article("Kinh-te/990005/bai-utf-8-gan-nhan-latin-1"),
        Stored(
            title="Ngân hàng hạ lãi suất cho vay ưu đãi",
            sapo="(HNM) - Nhiều ngân hàng thương mại công bố hạ lãi suất cho vay từ 0,5 đến 1 "
            "điểm phần trăm.",
            body="Doanh nghiệp nhỏ và vừa được ưu tiên tiếp cận nguồn vốn.\n\n"
            "Mức giảm áp dụng cho các khoản vay mới.",
            authors=("Quỳnh Anh",),
            published_at="2017-03-16 09:45:00.000000",
        ),
        content_type="text/html; charset=iso-8859-1",
    ),
    Case(
        "UTF-8 bytes, no charset in the header, meta iso-8859-1",
        _article("Kinh-te/990006/bai-utf-8-meta-latin-1"),
        Stored(
            title="Hội chợ hàng Việt thu hút đông đảo người dân",
            sapo="(HNM) - Hội chợ hàng Việt Nam chất lượng cao khai mạc tại Cung Văn hóa Hữu nghị.",
            body="Hơn 400 gian hàng giới thiệu sản phẩm của doanh nghiệp trong nước.\n\n"
            "Hội chợ kéo dài đến hết ngày 22-3.",
            authors=("Ngọc Điệp",),
            published_at="2017-03-17 12:05:00.000000",
        ),
        content_type="text/html",
    ),
    Case(
        "an article robots.txt disallows",
        _article("Bi-mat/990009/bai-bi-chan"),
        Dropped("robotstxt/forbidden", "Forbidden by robots.txt"),
    ),
    Case(
        "a listed article that is gone (404)",
        _article("Kinh-te/990008/bai-da-go"),
        Dropped("hnm/articles/not_fetched/http_404", "Article not fetched (http_404)"),
    ),
    # Generated (write_generated):
    Case(
        "a page over DOWNLOAD_MAXSIZE",
        _article("Kinh-te/990010/bai-qua-lon"),
        Dropped(
            "hnm/articles/not_fetched/DownloadCancelledError",
            "Article not fetched (DownloadCancelledError)",
        ),
    ),
    Case(
        "a page over DOWNLOAD_WARNSIZE, its bulk an inline script",
        _article("Kinh-te/990011/bai-lon-vua"),
        Stored(
            title="Trang nặng vì mã quảng cáo",
            sapo="(HNM) - Bài có đoạn mã nhúng rất dài.",
            body="Đoạn duy nhất của bài.",
            authors=("Phạm Hùng",),
            published_at="2017-03-20 01:00:00.000000",
        ),
    ),
    Case(
        "a PNG image where the article should be",
        _article("Kinh-te/990012/anh-png"),
        Dropped("hnm/articles/not_text", "Not a text page"),
        content_type="image/png",
    ),
    Case(
        "binary bytes served as text/html",
        _article("Kinh-te/990013/rac-nhi-phan"),
        Dropped("hnm/layout/unknown/article", "Unknown article layout, page skipped"),
    ),
    Case(
        "the body nested 1500 divs deep",
        _article("Kinh-te/990014/long-sau"),
        Stored(
            title="Bài lồng rất sâu",
            sapo="(HNM) - Sapo của bài lồng sâu.",
            body="Đoạn đầu.\n\nĐoạn ở đáy.\n\nĐoạn cuối.",
            authors=("Phạm Hùng",),
            published_at="2017-03-20 01:00:00.000000",
        ),
    ),
    Case(
        "1500 font tags opened and never closed",
        _article("Kinh-te/990015/the-font-khong-dong"),
        Stored(
            title="Bài có thẻ font không đóng",
            sapo="(HNM) - Sapo của bài có thẻ font.",
            body="Đoạn đầu chữ trong font.\n\nĐoạn cuối.",
            authors=("Phạm Hùng",),
            published_at="2017-03-20 01:00:00.000000",
        ),
    ),
)
XA_HOI_CASES = tuple(
    Case(
        f"page {n} of a listing whose last page leads back to the first",
        _article(f"Xa-hoi/99003{n}/{slug}"),
        Stored(
            title=title,
            sapo=f"(HNM) - {title}.",
            body=f"Đoạn văn của bài {title.lower()}.",
            authors=("Hải Yến",),
            published_at=published_at,
            section="Xã hội",
        ),
    )
    for n, slug, title, published_at in (
        (1, "trang-mot", "Hà Nội ra quân làm sạch môi trường", "2017-03-18 00:30:00.000000"),
        (2, "trang-hai", "Phường Hàng Trống trồng thêm cây xanh", "2017-03-12 00:40:00.000000"),
        (
            3,
            "trang-ba",
            "Tuyến phố đi bộ đón hơn 10 nghìn lượt khách",
            "2017-03-05 00:50:00.000000",
        ),
    )
)
CASES = KINH_TE_CASES + XA_HOI_CASES

# Listing pages the archive crawl fetches, once each; "next" links that lead back to one.
LISTING_PATHS = (
    "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",
    "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi",
    "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi?page=2",
    "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi?page=3",
    "/hanoimoi.com.vn/Danh-muc-tin/101/Chinh-tri",
)
REPEATED_NEXT_LINKS = 2  # Xa-hoi page 3 -> page 1; Chinh-tri -> itself
OFFSITE_NEXT_LINKS = 1  # Kinh-te's "next" is javascript:loadPage(2)
MANY_ARTICLES = 30  # distinct articles behind the thousands of Chinh-tri links
SPELLINGS = 100  # links to each
SIDEBAR_LINKS = 2000  # links outside the listing blocks: never followed


def many_article_url(n: int) -> str:
    return _article(f"Chinh-tri/99{n + 1100:04d}/bai-so-{n}")


def _page(title: str, sapo: str, body: str, *, head: str = "", date: str = "") -> str:
    date = date or "08:00 Thứ Hai ngày 20/03/2017"
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">{head}'
        f"<title>{title}</title></head><body><div id='main'><div class='detail'>"
        f"<h1>{title}</h1><div class='refer'><a class='cap' href='/Danh-muc-tin/190/Kinh-te'>"
        f"Kinh tế</a> | {date}</div><div id='NewsGallery' class='content'>"
        f"<div class='bold'>{sapo}</div>{body}</div><div class='author'>Phạm Hùng</div>"
        "</div></div></body></html>\n"
    )


def _spellings(url: str) -> list[str]:
    """``SPELLINGS`` ways a page may link one article; the plain one first."""
    path = url.removeprefix(HOST)
    forms = [path, path.lower(), f"http://www.hanoimoi.com.vn{path}/", f"{path}#binh-luan"]
    forms += [f"{path}?utm_source=trang-chu&i={i}" for i in range(SPELLINGS - len(forms))]
    return forms


def _many_links_listing() -> str:
    entries = [
        f'<li class="bdrtp"><a href="{href}">Bài số {n}</a></li>'
        for n in range(MANY_ARTICLES)
        for href in _spellings(many_article_url(n))
    ]
    sidebar = [
        f'<li><a href="/Tin-tuc/Chinh-tri/{980000 + n}/bai-doc-nhieu">Đọc nhiều {n}</a></li>'
        for n in range(SIDEBAR_LINKS)
    ]
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Chính trị</title>'
        f"</head><body><ul class='list-other'>{''.join(entries)}</ul>"
        "<div class='paging'><ul><li class='next'>"
        "<a href='http://www.hanoimoi.com.vn/Danh-muc-tin/101/Chinh-tri/#top'>»</a></li></ul>"
        f"</div><div class='colright'><ul class='mostread'>{''.join(sidebar)}</ul></div>"
        "</body></html>\n"
    )


def _file(root: Path, url: str) -> Path:
    path = root / url.removeprefix("http://")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_generated(root: Path) -> None:
    """Write the generated pages into ``root`` (a copy of ``site/``)."""
    pages: dict[str, str | bytes] = {
        _article("Kinh-te/990010/bai-qua-lon"): _page(
            "Bài quá lớn", "(HNM) - Quá lớn.", "<p>" + "Chữ Việt có dấu. " * 80_000 + "</p>"
        ),
        _article("Kinh-te/990011/bai-lon-vua"): _page(
            "Trang nặng vì mã quảng cáo",
            "(HNM) - Bài có đoạn mã nhúng rất dài.",
            "<script>var quangCao = '" + "x" * (WARN_SIZE + 200_000) + "';</script>"
            "<p>Đoạn duy nhất của bài.</p>",
            date="08:00 Thứ Hai ngày 20/03/2017",
        ),
        _article("Kinh-te/990012/anh-png"): b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4096),
        _article("Kinh-te/990013/rac-nhi-phan"): b"\x00\x1f\x8b" + random.Random(2).randbytes(8192),
        _article("Kinh-te/990014/long-sau"): _page(
            "Bài lồng rất sâu",
            "(HNM) - Sapo của bài lồng sâu.",
            "<p>Đoạn đầu.</p>"
            + "<div>" * 1500
            + "Đoạn ở đáy."
            + "</div>" * 1500
            + "<p>Đoạn cuối.</p>",
        ),
        _article("Kinh-te/990015/the-font-khong-dong"): _page(
            "Bài có thẻ font không đóng",
            "(HNM) - Sapo của bài có thẻ font.",
            "<p>Đoạn đầu " + "<font size=2>" * 1500 + "chữ trong font.</p><p>Đoạn cuối.</p>",
        ),
        CHINH_TRI: _many_links_listing(),
    }
    for n in range(MANY_ARTICLES):
        pages[many_article_url(n)] = _page(
            f"Bài số {n} của mục Chính trị",
            f"(HNM) - Sapo của bài số {n}.",
            f"<p>Thân bài số {n}.</p>",
        )
    for url, content in pages.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        _file(root, url).write_bytes(data)
