"""hnmcrawler: a Scrapy crawler for the news archive of Hà Nội Mới."""

__version__ = "0.1.0"
