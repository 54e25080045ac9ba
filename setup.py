"""Shim for ``scrapyd-deploy``, which builds an egg with ``setup.py bdist_egg``.

The project's metadata (including the ``scrapy`` settings entry point Scrapyd reads) is in
pyproject.toml; pip never needs this file.
"""

from setuptools import setup

setup()
