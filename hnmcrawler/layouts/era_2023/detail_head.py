"""Article pages of ``era_2023`` in the older markup revision of the same CMS: the
``c-detail-head`` header. ``layouts`` (the registry) tries it after ``Era2023Article``.

The markup ``hnm-site.md`` describes, with the variants of "More evidence" (trimmed)::

    <div class="c-detail-head">
      <span class="c-detail-head__time">17:22 17/08/2025 |</span>
      <h1 class="c-detail-head__title">...</h1>
      <span class="c-detail-head__author">Nhật Nam</span></div>
    <div class="c-news-detail">
      <h2 class="desc">(sapo)</h2>            or  <p class="desc">(sapo)</p>
      <div class="entry"><p class="align-justify">...</p></div></div>
"""

from __future__ import annotations

from hnmcrawler.layouts.era_2023.article import Era2023Article


class Era2023DetailHeadArticle(Era2023Article):
    """Only the selectors that changed: ``c-detail-head`` header, ``h2.desc`` or ``p.desc``
    sapo, the body in ``div.c-news-detail`` around the entry."""

    detect = '[class*="c-detail-head__"]'
    markers = (b"c-detail-head__",)

    HEADER = ".c-detail-head"
    TITLE = "h1.c-detail-head__title"
    SAPO = ("h2.desc", "p.desc")  # also og:description, the fallback of every sapo
    AUTHORS = ("span.c-detail-head__author",)
    DATE = "span.c-detail-head__time"  # 17:22 17/08/2025, may be followed by " |"
    BODY = ("div.c-news-detail", ".entry", "div.b-maincontent")
