"""What a run tells the people who watch it, besides its exit code and report: the Prometheus
textfile for node_exporter (``metrics``), an alert POSTed when a run fails (``alert``), and
the coverage page of a report (``coverage``). Called by ``commands/crawl.py`` and
``commands/report.py`` once a crawl has ended; pure of Scrapy.
"""
