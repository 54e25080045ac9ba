"""era_2017 of the mirror: hanoimoi.com.vn in its 2017 template (``Era2017Article`` pages).

``sections`` says what this era's part of the bundled mirror holds, ``articles`` decides each
article (``model.LegacyArticle``), ``article_page`` and ``listing_pages`` render them, and
``site.write_era`` writes it all, for ``hnmcrawler.mirror.generate``. ``seed`` is the one real
article page of the era.
"""
