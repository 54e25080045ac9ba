"""The mirror: fixture pages of the site served on 127.0.0.1, crawled by unchanged spiders.

``paths`` maps URLs to files, ``server`` serves a mirror folder, ``handler`` is the download
handler that sends site requests to a mirror (setting ``HNM_MIRROR``), ``generate`` writes
the bundled mirror from templates and realistic Vietnamese text.
"""
