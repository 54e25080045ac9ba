"""Loaded at start-up by every Python the test helpers start (``tests/helpers.py`` puts this
folder first on the child's ``PYTHONPATH``): a warning raised from hnmcrawler's own code is an
error there too, as pytest's ``filterwarnings = ["error"]`` makes it in the test process.

``-W`` and ``PYTHONWARNINGS`` match a module name literally, so ``error:::hnmcrawler`` would
miss ``hnmcrawler.spiders.archive``; ``filterwarnings`` takes a regular expression. Other
packages' warnings keep Python's default handling (Scrapy logs them).
"""

import warnings

warnings.filterwarnings("error", module=r"hnmcrawler(\.|$)")
