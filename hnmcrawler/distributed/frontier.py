"""Who works on a shared frontier, and when it is over: the workers' bookkeeping in Redis.

Keys under one base (``hnm:archive:hanoimoi.com.vn``, ``hnm:archive:hanoimoi.vn:weekly``):

- ``<base>:requests``, ``<base>:dupefilter``: scrapy-redis's queue and fingerprints;
- ``<base>:workers``: the ids of the workers that joined (a set);
- ``<base>:worker:<id>``: ``busy`` or ``idle``, rewritten every heartbeat and expiring after
  the worker timeout, so a worker killed outright drops out of the crawl by itself.

A worker *joins* in one atomic step (a Lua script): when another worker is alive it joins
the running crawl; when none is and requests are still queued it resumes them (a crawl
whose workers were all stopped); otherwise, or for a sweep, it starts afresh and forgets the
last run's fingerprints. So any number of workers started with one command seed the crawl
once, a late one joins, and the same command run after the crawl is over crawls again.

The frontier is empty when nothing is queued and no live worker is busy; a worker stops
when it has seen it empty for the idle time; the last one out of a finished crawl deletes
the fingerprints (a crawl stopped part way keeps them, to be resumed).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import time
from collections.abc import Callable
from typing import Any

_LIVE_OTHERS = """
local function live_others(workers, prefix, me)
  local others = 0
  for _, id in ipairs(redis.call('SMEMBERS', workers)) do
    if id ~= me then
      if redis.call('EXISTS', prefix .. id) == 1 then others = others + 1
      else redis.call('SREM', workers, id) end
    end
  end
  return others
end
local function queued(queue)
  local kind = redis.call('TYPE', queue)['ok']
  if kind == 'zset' then return redis.call('ZCARD', queue) end
  if kind == 'list' then return redis.call('LLEN', queue) end
  return 0
end
local workers, queue, seen = KEYS[1], KEYS[2], KEYS[3]
"""

_JOIN = (
    _LIVE_OTHERS
    + """
local me, prefix, ttl, restart = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local others = live_others(workers, prefix, me)
redis.call('SADD', workers, me)
redis.call('SET', prefix .. me, 'busy', 'PX', ttl)
if others > 0 then return 'joined' end
if queued(queue) > 0 and restart ~= '1' then return 'resumed' end
redis.call('DEL', queue, seen)
return 'fresh'
"""
)

_LEAVE = (
    _LIVE_OTHERS
    + """
local me, prefix, finished = ARGV[1], ARGV[2], ARGV[3]
redis.call('SREM', workers, me)
redis.call('DEL', prefix .. me)
if finished ~= '1' or live_others(workers, prefix, me) > 0 or queued(queue) > 0 then
  return 0
end
redis.call('DEL', seen, workers)
return 1
"""
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def frontier_key(prefix: str, spider: str, host: str, job: str = "") -> str:
    """``hnm:archive:hanoimoi.com.vn`` (``:<job>`` appended when one is named)."""
    parts = [prefix, spider, host, job]
    return ":".join(_UNSAFE.sub("-", part) for part in parts if part)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


class SharedFrontier:
    """One worker's view of the shared frontier (``server`` is a ``redis.Redis``)."""

    def __init__(
        self,
        server: Any,
        base: str,
        worker: str,
        *,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self.base = base
        self.worker = worker
        self.queue_key = f"{base}:requests"
        self.dupefilter_key = f"{base}:dupefilter"
        self.workers_key = f"{base}:workers"
        self.worker_prefix = f"{base}:worker:"
        self.ttl_ms = max(1, int(timeout * 1000))
        self.clock = clock
        self.busy = True
        self.empty_since: float | None = None

    def join(self, *, restart: bool = False) -> str:
        """Register; ``fresh``, ``joined`` or ``resumed`` (see the module docstring)."""
        keys = [self.workers_key, self.queue_key, self.dupefilter_key]
        args = [self.worker, self.worker_prefix, self.ttl_ms, "1" if restart else "0"]
        state = self.server.eval(_JOIN, len(keys), *keys, *args)
        return state.decode() if isinstance(state, bytes) else str(state)

    def heartbeat(self) -> None:
        self.server.set(self.worker_prefix + self.worker, self._state(), px=self.ttl_ms)

    def set_busy(self, busy: bool) -> None:
        if busy:
            self.empty_since = None
        if busy != self.busy:
            self.busy = busy
            self.heartbeat()

    def queued(self) -> int:
        kind = self.server.type(self.queue_key)
        kind = kind.decode() if isinstance(kind, bytes) else kind
        if kind == "zset":
            return int(self.server.zcard(self.queue_key))
        return int(self.server.llen(self.queue_key)) if kind == "list" else 0

    def busy_workers(self) -> int:
        """Live workers other than this one that are working on a request."""
        others = [w for w in self._members() if w != self.worker]
        if not others:
            return 0
        states = self.server.mget([self.worker_prefix + w for w in others])
        return sum(state in (b"busy", "busy") for state in states)

    def idle_for(self) -> float:
        """Seconds this worker has seen the frontier empty; 0 while it is not."""
        if self.queued() or self.busy_workers():
            self.empty_since = None
            return 0.0
        now = self.clock()
        if self.empty_since is None:
            self.empty_since = now
        return now - self.empty_since

    def leave(self, *, finished: bool) -> bool:
        """Unregister; the last worker out of a finished crawl drops its fingerprints."""
        keys = [self.workers_key, self.queue_key, self.dupefilter_key]
        args = [self.worker, self.worker_prefix, "1" if finished else "0"]
        return bool(self.server.eval(_LEAVE, len(keys), *keys, *args))

    def _members(self) -> list[str]:
        return [
            m.decode() if isinstance(m, bytes) else m
            for m in self.server.smembers(self.workers_key)
        ]

    def _state(self) -> str:
        return "busy" if self.busy else "idle"
