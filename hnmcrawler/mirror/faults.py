"""Faults a hostile network throws, injected by the mirror server: ``serve --faults SPEC``.

    rate=0.2,seed=7                         20% of answers faulty, every kind, seeded
    rate=0.1,seed=1,kinds=503+reset+empty   only these kinds
    rate=0.2,slow=2.5                       a slow first byte waits 2.5 s (beyond the timeout)
    challenges=2                            every path: a challenge page twice, then the page
    challenges=all                          every path answers challenge pages only

A fault is decided per request path and attempt (the n-th request for a path), from the seed
alone, so a run is repeatable and a retry can succeed. robots.txt is never faulted.

Kinds: ``500 502 503`` (503 with and without ``Retry-After``), ``429`` (with ``Retry-After``),
``403`` (a burst: this and the next attempt), ``slow`` (first byte after ``slow`` seconds),
``reset`` (connection closed without an answer), ``truncate`` (half the body of a full
``Content-Length``), ``empty`` (200 with no body), ``ctype`` (a wrong ``Content-Type``),
``charset`` (UTF-8 bytes declared ``iso-8859-1``), ``redirect`` (a 302 chain back to the page),
``challenge`` (a firewall's challenge page in place of the page, RSS and JSON too: mostly a
200 HTML page, one shape a 503 with ``Retry-After``; ``challenges.py``). ``challenges=N``
answers the first N requests of every path with one, whatever the rate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KINDS: tuple[str, ...] = (
    "500",
    "502",
    "503",
    "429",
    "403",
    "slow",
    "reset",
    "truncate",
    "empty",
    "ctype",
    "charset",
    "redirect",
    "challenge",
)
ALWAYS = 1 << 30  # challenges=all: more attempts than any crawl makes
NEVER_FAULTED = ("/robots.txt",)


@dataclass(frozen=True)
class FaultPlan:
    rate: float = 0.0
    seed: int = 0
    kinds: tuple[str, ...] = KINDS
    slow: float = 3.0
    challenges: int = 0  # the first N requests of every path answer a challenge page

    @classmethod
    def parse(cls, spec: str) -> FaultPlan:
        """``rate=0.2,seed=7,kinds=503+reset,slow=2,challenges=2`` -> a plan; ValueError on a
        bad spec."""
        values: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, sep, value = part.partition("=")
            if not sep or name not in ("rate", "seed", "kinds", "slow", "challenges"):
                raise ValueError(
                    f"bad fault spec part {part!r}: use rate=, seed=, kinds=, slow=, challenges="
                )
            values[name] = value
        kinds = tuple(values["kinds"].split("+")) if "kinds" in values else KINDS
        if unknown := set(kinds) - set(KINDS):
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {' '.join(KINDS)}")
        rate = float(values.get("rate", 0))
        if not 0 <= rate <= 1:
            raise ValueError(f"fault rate must be between 0 and 1, not {rate}")
        seed, slow = int(values.get("seed", 0)), float(values.get("slow", 3.0))
        return cls(rate, seed, kinds, slow, _challenges(values.get("challenges", "0")))

    def pick(self, path: str, attempt: int) -> str | None:
        """The fault for the ``attempt``-th request (1, 2, ...) of ``path``, or None."""
        if path.split("?")[0].endswith(NEVER_FAULTED):
            return None
        if attempt <= self.challenges:
            return "challenge"
        if not self.rate:
            return None
        if attempt > 1 and self._draw(path, attempt - 1) == "403":
            return "403"  # a burst: the attempt after a 403 is refused too
        return self._draw(path, attempt)

    def _draw(self, path: str, attempt: int) -> str | None:
        rng = random.Random(f"{self.seed}:{path}:{attempt}")
        return rng.choice(self.kinds) if rng.random() < self.rate else None


def _challenges(value: str) -> int:
    """``challenges=N`` (a count) or ``challenges=all``."""
    if value == "all":
        return ALWAYS
    if not value.isdigit():
        raise ValueError(f"fault challenges must be a count or 'all', not {value!r}")
    return int(value)
