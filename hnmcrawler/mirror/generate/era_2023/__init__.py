"""era_2023 of the mirror: hanoimoi.vn on OneCMS, mid 2023 on (``Era2023Article`` pages).

``sections`` says what this era's part of the bundled mirror holds and schedules each
section's list, ``articles`` decides each article (``model.CurrentArticle``) from ``corpus``'s
text; ``article_page`` (with ``article_head``), ``listing_pages`` and ``feeds`` render them
inside ``frame``'s page, and ``site.write_era`` writes it all, for
``hnmcrawler.mirror.generate``.
"""
