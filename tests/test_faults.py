"""``mirror/faults.py``: the fault plan of a hostile mirror (a crawl through it is in
``e2e/test_faults.py``; what the middlewares make of its answers in ``test_middlewares.py``)."""

from __future__ import annotations

import pytest

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
