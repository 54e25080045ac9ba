"""The garbage-collector tuning: start-up objects frozen, thresholds raised, or left alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from hnmcrawler.extensions.gc import GcTuningExtension


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_at_engine_start_start_up_objects_are_frozen_and_thresholds_raised(
    restored_gc: None,
) -> None:
    crawler = get_crawler(settings_dict={"HNM_GC_TUNING": True, "HNM_GC_THRESHOLD": [5000, 7, 9]})
    extension = GcTuningExtension.from_crawler(crawler)
    extension.engine_started()
    assert gc.get_threshold() == (5000, 7, 9)
    assert gc.get_freeze_count() > 1000
    assert gc.isenabled()  # garbage is still collected


def test_off_or_malformed_it_is_not_configured() -> None:
    with pytest.raises(NotConfigured, match="off"):
        GcTuningExtension.from_crawler(get_crawler(settings_dict={"HNM_GC_TUNING": False}))
    bad = {"HNM_GC_TUNING": True, "HNM_GC_THRESHOLD": [0, 10, 10]}
    with pytest.raises(NotConfigured, match="three positive counts"):
        GcTuningExtension.from_crawler(get_crawler(settings_dict=bad))
