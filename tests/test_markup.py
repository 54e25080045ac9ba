"""``markup.py``: markup that metadata carries is repaired; prose that looks like markup stays."""

from __future__ import annotations

import doctest

import pytest

from hnmcrawler import markup
from hnmcrawler.markup import unmarkup


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(markup).failed == 0


MARKUP_REPAIRED = [
    pytest.param("Xu&#226;n B&#236;nh", "Xuân Bình", id="once-escaped JSON-LD is decoded"),
    pytest.param("Xu&amp;#226;n B&amp;#236;nh", "Xuân Bình", id="double-escaped is decoded"),
    pytest.param("Ng&#xE0;y 23-8", "Ngày 23-8", id="a hexadecimal reference is decoded"),
    pytest.param(
        "Sở Tài chính &amp;amp; Kế hoạch",
        "Sở Tài chính & Kế hoạch",
        id="a double-escaped ampersand is one ampersand",
    ),
    pytest.param("giá &lt; 5 triệu", "giá < 5 triệu", id="an escaped less-than is text"),
    pytest.param(
        "&lt;p&gt;Ng&#224;y 23-8&lt;/p&gt;&lt;p&gt;Hai&lt;/p&gt;",
        "\n\nNgày 23-8\n\n\n\nHai\n\n",
        id="escaped paragraphs become blank-line paragraphs",
    ),
    pytest.param(
        "Giá <strong>7.000</strong> <a href='x'>đồng</a>",
        "Giá 7.000 đồng",
        id="inline tags of a matched pair go, their text stays",
    ),
    pytest.param(
        '<p class="lead" data-id=5 hidden>Một.</p><p>Hai</p>',
        "\n\nMột.\n\n\n\nHai\n\n",
        id="tags with every kind of attribute go",
    ),
    pytest.param("<p>Mười<br>Một</p>", "\n\nMười\n\nMột\n\n", id="a lone tag inside HTML goes too"),
    pytest.param("Một<br/>Hai", "Một\n\nHai", id="a line break glued to text is a break"),
    pytest.param("Một.<br><br>Hai", "Một.\n\n\n\nHai", id="two glued line breaks"),
    pytest.param("Một câu.<p>", "Một câu.\n\n", id="a block tag at the end of a value"),
    pytest.param(
        "Một<script>var a = 1 < 2;</script><!-- ad -->Hai", "MộtHai", id="scripts go whole"
    ),
    pytest.param("Một <!-- quảng cáo --> hai", "Một  hai", id="a comment goes"),
    pytest.param("Thu H&#7857;ng", "Thu Hằng", id="a name with tone marks is decoded"),
    pytest.param(
        "Thẻ &lt;br&gt; dùng để xuống dòng",
        "Thẻ <br> dùng để xuống dòng",
        id="escaped prose about a tag is decoded, the tag it shows stays",
    ),
]

PROSE_KEPT = [
    pytest.param("Sở Tài chính & Kế hoạch", id="a real ampersand stays"),
    pytest.param("AT&T; Q&A; H&M", id="ampersands in names stay"),
    pytest.param("R&notes", id="an entity name without semicolon is text"),
    pytest.param("giá < 5 triệu và > 3", id="a comparison is no tag"),
    pytest.param("chỉ số <PM2.5> cao", id="an unknown name is no tag"),
    pytest.param(
        "Bất đẳng thức đúng với điều kiện a<b và c>d.",
        id="a comparison that looks like a tag with a non-ASCII attribute",
    ),
    pytest.param("Nhắn <DT> ‹HọTên> gửi 8085", id="a known name alone among words is prose"),
    pytest.param("Thẻ <br> dùng để xuống dòng", id="an article about HTML keeps its <br>"),
    pytest.param("Gõ <p> rồi Enter", id="a block tag with spaces around is prose"),
    pytest.param("Mở thẻ (<p>) và đóng lại", id="a tag in brackets is prose"),
    pytest.param("Dùng “<br>” để xuống dòng", id="a tag in quotes is prose"),
    pytest.param("điểm a<b>c", id="a lone inline tag is prose"),
    pytest.param('Nhập <a href="x"> vào ô', id="a lone link tag is prose"),
    pytest.param("Hà Nội", id="plain text is unchanged"),
]


@pytest.mark.parametrize(("raw", "text"), MARKUP_REPAIRED)
def test_unmarkup_repairs_markup(raw: str, text: str) -> None:
    assert unmarkup(raw) == text
    assert unmarkup(text) == text  # a second pass finds nothing more


@pytest.mark.parametrize("prose", PROSE_KEPT)
def test_unmarkup_keeps_prose(prose: str) -> None:
    assert unmarkup(prose) == prose
