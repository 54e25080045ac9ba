"""``masking.py``: no password leaves in a log line, an error, a report or a WARC header."""

from __future__ import annotations

import doctest

import pytest

from hnmcrawler import masking
from hnmcrawler.masking import mask_secrets
from hnmcrawler.proxies import proxy_table


def test_the_examples_in_the_module_hold() -> None:
    assert doctest.testmod(masking).failed == 0


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        pytest.param(
            '{"hanoimoi.vn": "http://u:s3cret@h:1"}',
            '{"hanoimoi.vn": "http://u:***@h:1"}',
            id="a proxy inside a JSON setting",
        ),
        pytest.param(
            "HNM_PROXIES=user:s3cret@1.2.3.4:3128 x",
            "HNM_PROXIES=user:***@1.2.3.4:3128 x",
            id="a proxy without a scheme",
        ),
        pytest.param("http://KEY42@p.example:8080/", "http://***@p.example:8080/", id="a key"),
        pytest.param(
            "--proxy http://user:p@ss@proxy.vn:3128 next@hanoimoi.vn",
            "--proxy http://user:***@proxy.vn:3128 next@hanoimoi.vn",
            id="an @ inside the password",
        ),
        pytest.param("tin@hanoimoi.vn", "tin@hanoimoi.vn", id="an e-mail address stays"),
        pytest.param("http://hanoimoi.vn/a?x=1", "http://hanoimoi.vn/a?x=1", id="no secret"),
    ],
)
def test_mask_secrets(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


def test_a_proxy_the_crawl_cannot_use_is_refused_without_its_password() -> None:
    with pytest.raises(ValueError, match="HNM_PROXIES") as refused:
        proxy_table('{"hanoimoi.vn": "user:s3cret@1.2.3.4:3128"}')
    assert "s3cret" not in str(refused.value)
    assert "user:***@1.2.3.4:3128" in str(refused.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://user:p@ss@proxy.vn:3128",
        "user:s3cret@1.2.3.4:3128",
        "http://KEY42@p.example:8080",
        "https://u:pw@h.example",
    ],
)
def test_the_two_maskers_agree_on_a_proxy(url: str) -> None:
    assert mask_secrets(url) == masking.mask_proxy(url)
