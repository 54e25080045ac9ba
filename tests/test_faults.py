"""``mirror/faults.py``: the fault plan of a hostile mirror (a crawl through it is in
``e2e/test_faults.py``; what the middlewares make of its answers in ``test_middlewares.py``)."""

from __future__ import annotations

import pytest

from hnmcrawler.mirror.challenges import CHALLENGES, challenge_for
from hnmcrawler.mirror.faults import KINDS, FaultPlan


def test_a_fault_spec_reads_rate_seed_kinds_and_slow() -> None:
    plan = FaultPlan.parse("rate=0.2,seed=7,kinds=503+reset,slow=2.5")
    assert plan == FaultPlan(0.2, 7, ("503", "reset"), 2.5)
    assert FaultPlan.parse("rate=0.1").kinds == KINDS


@pytest.mark.parametrize("spec", ["rate=2", "kinds=504", "speed=3", "rate"])
def test_a_bad_fault_spec_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="fault"):
        FaultPlan.parse(spec)


def test_faults_are_seeded_and_about_as_frequent_as_asked() -> None:
    plan = FaultPlan(rate=0.2, seed=7)
    picks = [plan.pick(f"/h/p{n}", 1) for n in range(2000)]
    assert picks == [FaultPlan(rate=0.2, seed=7).pick(f"/h/p{n}", 1) for n in range(2000)]
    assert 0.17 < sum(p is not None for p in picks) / 2000 < 0.23
    assert plan.pick("/hanoimoi.vn/robots.txt", 1) is None


def test_a_403_comes_in_a_burst_of_two() -> None:
    plan = FaultPlan(rate=0.5, seed=3, kinds=("403",))
    path = next(f"/p{n}" for n in range(100) if plan.pick(f"/p{n}", 1) == "403")
    assert plan.pick(path, 2) == "403"


def test_challenges_answer_the_first_requests_of_every_path_then_the_page() -> None:
    plan = FaultPlan.parse("challenges=2")
    assert [plan.pick("/hanoimoi.vn/rss/kinh-te", n) for n in (1, 2, 3)] == [
        "challenge",
        "challenge",
        None,
    ]
    assert plan.pick("/hanoimoi.vn/robots.txt", 1) is None


def test_challenges_all_never_lets_a_page_through() -> None:
    plan = FaultPlan.parse("challenges=all")
    assert {plan.pick(f"/hanoimoi.vn/a-{n}.html", n) for n in range(1, 500)} == {"challenge"}


@pytest.mark.parametrize("spec", ["challenges=some", "challenges=-1"])
def test_a_bad_challenge_count_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="fault challenges"):
        FaultPlan.parse(spec)


def test_the_mirror_serves_every_challenge_shape_in_turn() -> None:
    shapes = {challenge_for("/hanoimoi.vn/rss/kinh-te", n).name for n in range(len(CHALLENGES))}
    assert shapes == {c.name for c in CHALLENGES}
