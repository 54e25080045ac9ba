"""What one batch does to the store, decided in memory before anything is written.

``SQLArticleStore.write_batch`` reads the stored state of the batch's keys, calls
``plan_batch``, reads who else holds the new content hashes, calls ``BatchPlan.final_rows``
and writes the result. Rows of one batch count as written one after another: a key twice
with the same content is NEW then UNCHANGED, with new content NEW then UPDATED (the first
version becomes a revision).

An older copy never replaces newer content (``OLDER``): a copy is dated by its ``captured_at``
(an archive's) or else its ``fetched_at``, and one dated more than ``SAME_FETCH`` before the
content it would replace (the stored row's, or an earlier row of the batch) leaves the row as
it is. So the current revision is the newest copy whatever order copies come in (a reextract
of last year's WARC, a live crawl after a Wayback run). An unchanged copy moves ``fetched_at``
forward only: the row keeps the later of the two. Two more times are kept for this rule:
``copied_at``, when the copy the row's content came from was made (an unchanged copy never
moves it), and ``confirmed_at``, the latest copy that held that content (an unchanged copy
moves it forward); a copy is older when it was made more than ``SAME_FETCH`` before
``confirmed_at`` (before schema 3: before ``captured_at``, else ``fetched_at``).

One copy is never older: the very copy the row's content came from (dated within
``SAME_FETCH`` of its ``copied_at``), read again. That is ``reextract`` after a layout fix,
on the WARC of the crawl that stored the content: later crawls that found the same content
have moved ``confirmed_at`` on, yet the page read again is the one the row holds. The row
then holds the new reading and keeps its ``confirmed_at`` and ``fetched_at``: a copy made
between the two is still older, in whatever order the copies come.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hnmcrawler.storage.base import WriteOutcome
from hnmcrawler.storage.rows import Key, article_key, key_text
from hnmcrawler.storage.schema import REVISION_COLUMNS

SAME_FETCH = timedelta(minutes=10)
"""Copies dated closer than this are one fetch: a crawl dates its WARC record when the response
arrives and ``fetched_at`` when the spider reads the page, a moment later; re-extracting that
WARC after a layout fix must still replace the crawl's row."""


@dataclass(frozen=True)
class Stored:
    """The stored state of a key, as far as planning needs it."""

    revision: int
    content_hash: str
    first_seen_at: datetime
    duplicate_of: str | None
    fetched_at: datetime | None = None
    captured_at: datetime | None = None
    copied_at: datetime | None = None  # None in rows stored before schema version 3
    confirmed_at: datetime | None = None  # idem


@dataclass(frozen=True)
class HashHolder:
    """A stored key holding a content hash (candidate for ``duplicate_of``)."""

    key: Key
    content_hash: str
    first_seen_at: datetime
    duplicate_of: str | None


_Candidate = tuple[tuple[Any, ...], Key, HashHolder | None]


@dataclass
class _KeyState:
    values: dict[str, Any]
    revision: int
    first_seen_at: datetime
    stored: Stored | None
    position: int
    changed: bool  # values hold content the stored row (if any) does not have
    fetched_at: datetime | None  # the row's, once written: the latest fetch of its content
    confirmed_at: datetime | None  # the latest copy that held its content
    seen: bool = False  # a stored row is written (an OLDER copy alone leaves it untouched)

    @property
    def content_hash(self) -> str:
        if self.changed or self.stored is None:
            return str(self.values["content_hash"])
        return self.stored.content_hash

    @property
    def copied_at(self) -> datetime | None:
        """When the copy of the content the row holds was made."""
        if self.changed or self.stored is None:
            return copied_at(self.values)
        return self.stored.copied_at

    def is_older(self, copy: datetime | None) -> bool:
        """True when a copy made at ``copy`` is older than the content the row holds (made
        more than ``SAME_FETCH`` before ``confirmed_at``), unless it is the copy that content
        came from, read again."""
        return not same_fetch(copy, self.copied_at) and is_older(copy, self.confirmed_at)


@dataclass
class FinalRows:
    """Full ``articles`` rows by what the store must do with them."""

    new: list[dict[str, Any]] = field(default_factory=list)  # INSERT
    changed: list[dict[str, Any]] = field(default_factory=list)  # replace every column
    seen: list[dict[str, Any]] = field(default_factory=list)  # bump last_seen_at, fetched_at


@dataclass
class BatchPlan:
    outcomes: list[WriteOutcome]
    states: dict[Key, _KeyState]
    archived_keys: list[Key]  # stored rows to copy into article_revisions first
    revisions: list[dict[str, Any]]  # revisions made and replaced inside this batch
    seen_at: datetime

    def changed_hashes(self) -> set[str]:
        return {state.content_hash for state in self.states.values() if state.changed}

    def final_rows(self, holders: Iterable[HashHolder]) -> FinalRows:
        """The rows to write, ``duplicate_of`` linked against ``holders`` and the batch."""
        roots = _duplicate_roots(self.states, list(holders), self.seen_at)
        rows = FinalRows()
        for key, state in self.states.items():
            row = {
                **state.values,
                "revision": state.revision,
                "first_seen_at": state.first_seen_at,
                "last_seen_at": self.seen_at,
                "duplicate_of": roots[key] if key in roots else _stored_root(state),
                "fetched_at": state.fetched_at,
                "copied_at": state.copied_at,
                "confirmed_at": state.confirmed_at,
            }
            if state.stored is None:
                rows.new.append(row)
            elif state.changed:
                rows.changed.append(row)
            elif state.seen:
                rows.seen.append(row)
        return rows


def _stored_root(state: _KeyState) -> str | None:
    return state.stored.duplicate_of if state.stored else None


def copied_at(values: dict[str, Any]) -> datetime | None:
    """When a row's copy was made: its ``captured_at`` (an archive's copy) or ``fetched_at``."""
    when: datetime | None = values.get("captured_at") or values.get("fetched_at")
    return when


def is_older(copy: datetime | None, current: datetime | None) -> bool:
    """True when ``copy`` was made more than ``SAME_FETCH`` before ``current`` (an undated
    copy is never older)."""
    return copy is not None and current is not None and copy < current - SAME_FETCH


def same_fetch(one: datetime | None, other: datetime | None) -> bool:
    """True when two copies were made within ``SAME_FETCH`` of each other: one fetch."""
    return one is not None and other is not None and abs(one - other) <= SAME_FETCH


def _later(one: datetime | None, other: datetime | None) -> datetime | None:
    if one is None or other is None:
        return other if one is None else one
    return max(one, other)


def plan_batch(
    prepared: Sequence[dict[str, Any]], stored: dict[Key, Stored], seen_at: datetime
) -> BatchPlan:
    """Outcomes and final states of a batch of prepared rows (see ``rows.prepare_row``)."""
    plan = BatchPlan([], {}, [], [], seen_at)
    for position, values in enumerate(prepared):
        key = article_key(values)
        state = plan.states.get(key)
        if state is None and key not in stored:
            fetched, copy = values["fetched_at"], copied_at(values)
            plan.states[key] = _KeyState(values, 1, seen_at, None, position, True, fetched, copy)
            plan.outcomes.append(WriteOutcome.NEW)
            continue
        if state is None:
            state = plan.states[key] = _stored_state(values, stored[key], position)
        plan.outcomes.append(_apply(plan, key, state, values))
    return plan


def _stored_state(values: dict[str, Any], prior: Stored, position: int) -> _KeyState:
    """A stored key's state before this batch's first row of it is applied."""
    revision, first_seen_at = prior.revision, prior.first_seen_at
    confirmed = prior.confirmed_at or prior.captured_at or prior.fetched_at  # or as before 3
    return _KeyState(
        values, revision, first_seen_at, prior, position, False, prior.fetched_at, confirmed
    )


def _apply(plan: BatchPlan, key: Key, state: _KeyState, values: dict[str, Any]) -> WriteOutcome:
    if values["content_hash"] == state.content_hash:
        state.values = state.values if state.changed else values
        state.fetched_at = _later(state.fetched_at, values["fetched_at"])
        state.confirmed_at = _later(state.confirmed_at, copied_at(values))
        state.seen = True
        return WriteOutcome.UNCHANGED
    copy = copied_at(values)
    if state.is_older(copy):
        return WriteOutcome.OLDER
    if same_fetch(copy, state.copied_at):  # read again: what later copies confirmed stands
        state.fetched_at = _later(state.fetched_at, values["fetched_at"])
        state.confirmed_at = _later(state.confirmed_at, copy)
    else:
        state.fetched_at, state.confirmed_at = values["fetched_at"], copy
    state.seen = True
    if state.changed:
        revision = {name: state.values.get(name) for name in REVISION_COLUMNS}
        plan.revisions.append({**revision, "revision": state.revision, "stored_at": plan.seen_at})
    else:
        plan.archived_keys.append(key)
    state.values = values
    state.revision += 1
    state.changed = True
    return WriteOutcome.UPDATED


def _duplicate_roots(
    states: dict[Key, _KeyState], holders: list[HashHolder], seen_at: datetime
) -> dict[Key, str | None]:
    """``duplicate_of`` of every key whose content is new: the earliest other holder of its hash.

    Stored holders rank by ``first_seen_at``, keys of this batch by ``seen_at`` then position;
    a stored holder that is itself a duplicate passes on its own root.
    """
    fresh = {key: state for key, state in states.items() if state.changed}
    candidates: dict[str, list[_Candidate]] = {}
    for holder in holders:
        rank = (holder.first_seen_at, -1, holder.key)
        candidates.setdefault(holder.content_hash, []).append((rank, holder.key, holder))
    for key, state in fresh.items():
        candidates.setdefault(state.content_hash, []).append(
            ((seen_at, state.position, key), key, None)
        )
    roots: dict[Key, str | None] = {}
    for key, state in fresh.items():
        own = [c for c in candidates[state.content_hash] if c[1] != key or c[2] is None]
        _rank, first, stored = min(own, key=lambda candidate: candidate[0])
        if first == key:
            roots[key] = None
        else:
            roots[key] = (stored.duplicate_of if stored else None) or key_text(first)
    return roots
