"""The bad-pages corpus: pages the site (or a broken proxy in front of it) may serve, and
what the crawler must make of each. ``cases.py`` is the table; ``site/`` the small pages
kept as files; the big ones (over ``DOWNLOAD_MAXSIZE``, binary, thousands of links, nested
1500 deep) are written by ``cases.write_generated`` into a copy at test time."""
