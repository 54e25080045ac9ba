"""Web archives as sources of articles: the Wayback CDX API (the Internet Archive or any
pywb), Common Crawl's index and WARC records, and their captures. Pure functions, no Scrapy
(but ``replay``'s middleware); the ``wayback`` and ``commoncrawl`` spiders call them."""
