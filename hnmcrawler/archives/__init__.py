"""Web archives as sources of articles: the Wayback CDX API (the Internet Archive or any
pywb) and its captures. Pure functions, no Scrapy; the ``wayback`` spider calls them."""
