"""The mirror: hanoimoi.com.vn and hanoimoi.vn pages served on 127.0.0.1, crawled by unchanged
spiders. Test and demo infrastructure only: no crawl imports it (tests, benchmarks and the
``serve``, ``mirror`` and ``demo`` commands do).

``paths`` maps URLs to files of a mirror folder; ``server`` serves a folder (``MirrorServer``,
threaded, with the fault hooks of ``faults``); ``fast`` serves one faster, for benchmarks;
``generate`` writes the bundled mirror (``fixtures/site``), the generated fixture pairs and
large mirrors from templates and realistic Vietnamese text. A crawl fetches from a mirror
through ``hnmcrawler.handlers`` when ``HNM_MIRROR`` is set.
"""
