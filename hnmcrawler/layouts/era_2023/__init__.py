"""Layout ``era_2023``: hanoimoi.vn on the OneCMS platform, since about July 2023.

``article`` reads article pages (the ``sc-longform-header`` markup), ``detail_head`` those of
the older ``c-detail-head`` revision; ``listing`` reads section pages (``ul.onecms__loading``) and
the ``/api/getMoreArticle/...`` JSON that continues them; ``feeds`` reads the RSS section
feeds and the daily article sitemaps (the ``feeds`` spider's sources).
"""

from __future__ import annotations

from hnmcrawler.layouts.era_2023.article import Era2023Article
from hnmcrawler.layouts.era_2023.detail_head import Era2023DetailHeadArticle
from hnmcrawler.layouts.era_2023.listing import Era2023Listing, Era2023MoreListing

__all__ = ["Era2023Article", "Era2023DetailHeadArticle", "Era2023Listing", "Era2023MoreListing"]
