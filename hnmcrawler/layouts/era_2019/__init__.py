"""Layout ``era_2019``: hanoimoi.com.vn, about 2019 - mid 2023 ("layout B" in hnm-site.md).

``article`` reads article pages (``#NewsDetails``), with ``body`` telling ads, related links
and the byline apart inside ``#abody`` (or in the ``p`` siblings of ``div.article`` when
there is none); ``listing`` reads section pages (``ul#article-cate-more``) and the JSON
"more" answers that continue them.
"""

from __future__ import annotations

from hnmcrawler.layouts.era_2019.article import Era2019Article
from hnmcrawler.layouts.era_2019.listing import Era2019Listing, Era2019MoreListing

__all__ = ["Era2019Article", "Era2019Listing", "Era2019MoreListing"]
