"""The marker of an unfinished run in a job directory (``-s JOBDIR=...``).

The ``archive`` spider writes ``hnm-<spider>.running`` when a run with a job directory
starts and removes it when the run finishes; a run that finds it is a resumed one (after
Ctrl-C, a kill, a reboot) and skips the articles already stored. The file is written in a
worker thread: nothing here blocks the reactor.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from scrapy.settings import BaseSettings
from scrapy.utils.job import job_dir

from hnmcrawler.dates import VIETNAM_TZ


class RunMarker:
    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: no job directory, nothing to resume

    @classmethod
    def for_spider(cls, settings: BaseSettings, spider: str) -> RunMarker:
        directory = job_dir(settings)
        return cls(Path(directory) / f"hnm-{spider}.running" if directory else None)

    async def start(self) -> bool:
        """Mark the run as started; True when an earlier run left its marker (a resume)."""
        return await asyncio.to_thread(self._start)

    def _start(self) -> bool:
        if self.path is None:
            return False
        resumed = self.path.exists()
        self.path.write_text(datetime.now(VIETNAM_TZ).isoformat(), encoding="utf-8")
        return resumed

    def finish(self) -> None:
        """The run finished: the next one starts afresh (a tiny unlink, at close)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
