"""What one batch does to the store, decided in memory before anything is written.

``SQLArticleStore.write_batch`` reads the stored state of the batch's keys, calls
``plan_batch``, reads who else holds the new content hashes, calls ``BatchPlan.final_rows``
and writes the result. Rows of one batch count as written one after another: a key twice
with the same content is NEW then UNCHANGED, with new content NEW then UPDATED (the first
version becomes a revision).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hnmcrawler.storage.base import WriteOutcome
from hnmcrawler.storage.rows import Key, article_key, key_text
from hnmcrawler.storage.schema import REVISION_COLUMNS


@dataclass(frozen=True)
class Stored:
    """The stored state of a key, as far as planning needs it."""

    revision: int
    content_hash: str
    first_seen_at: datetime
    duplicate_of: str | None


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

    @property
    def content_hash(self) -> str:
        if self.changed or self.stored is None:
            return str(self.values["content_hash"])
        return self.stored.content_hash


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
            }
            if state.stored is None:
                rows.new.append(row)
            else:
                (rows.changed if state.changed else rows.seen).append(row)
        return rows


def _stored_root(state: _KeyState) -> str | None:
    return state.stored.duplicate_of if state.stored else None


def plan_batch(
    prepared: Sequence[dict[str, Any]], stored: dict[Key, Stored], seen_at: datetime
) -> BatchPlan:
    """Outcomes and final states of a batch of prepared rows (see ``rows.prepare_row``)."""
    plan = BatchPlan([], {}, [], [], seen_at)
    for position, values in enumerate(prepared):
        key = article_key(values)
        state = plan.states.get(key)
        if state is None and key not in stored:
            plan.states[key] = _KeyState(values, 1, seen_at, None, position, changed=True)
            plan.outcomes.append(WriteOutcome.NEW)
            continue
        if state is None:
            prior = stored[key]
            state = _KeyState(values, prior.revision, prior.first_seen_at, prior, position, False)
            plan.states[key] = state
        plan.outcomes.append(_apply(plan, key, state, values))
    return plan


def _apply(plan: BatchPlan, key: Key, state: _KeyState, values: dict[str, Any]) -> WriteOutcome:
    if values["content_hash"] == state.content_hash:
        if state.changed:
            state.values = {**state.values, "fetched_at": values["fetched_at"]}
        else:
            state.values = values
        return WriteOutcome.UNCHANGED
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
