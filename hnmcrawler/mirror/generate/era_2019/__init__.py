"""era_2019 of the mirror: hanoimoi.com.vn, 2019 - mid 2023 (``Era2019Article`` pages).

``sections`` says what this era's part of the bundled mirror holds, ``articles`` decides each
story (``model.Story``) from ``corpus``'s text, ``article_page`` and ``listing_pages`` render
them inside ``frame``'s menu and side boxes, and ``site.write_era`` writes it all, for
``hnmcrawler.mirror.generate``.
"""
