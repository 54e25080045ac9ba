"""``tests/helpers.py``: the children the helpers start treat a warning from hnmcrawler's code
as an error, and a test that ran one fails, even when Scrapy caught the error and logged it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    FAST,
    SCRAPY_PROJECT,
    SUBPROCESS_SITE,
    child_env,
    expected_mirror_items,
    run_python,
    warnings_raised,
)

# A module of the given name whose function warns, as code of hnmcrawler's would.
WARN_FROM = """
import sys, types
module = types.ModuleType(sys.argv[1])
code = "import warnings\\ndef act():\\n    warnings.warn('our code warns', UserWarning)"
exec(code, vars(module))
module.act()
print("went on")
"""

# ``scrapy <args>`` with an item pipeline ``hnmcrawler.probe.WarningPipeline`` that warns.
CRAWL_WITH_A_WARNING = """
import sys, types
probe = types.ModuleType("hnmcrawler.probe")
exec(
    "import warnings\\n"
    "class WarningPipeline:\\n"
    "    def process_item(self, item):\\n"
    "        warnings.warn('a pipeline of ours warns', UserWarning)\\n"
    "        return item\\n",
    vars(probe),
)
sys.modules["hnmcrawler.probe"] = probe
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[1:]])
"""


def python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("module", ["hnmcrawler", "hnmcrawler.spiders.archive"])
def test_a_warning_from_hnmcrawler_code_stops_a_child_the_helpers_start(module: str) -> None:
    result = python(["-c", WARN_FROM, module], child_env())
    assert result.returncode == 1
    assert "went on" not in result.stdout
    assert result.stderr.splitlines()[-1] == "UserWarning: our code warns"
    assert warnings_raised(result.stderr) == ["UserWarning: our code warns"]


@pytest.mark.parametrize("module", ["hnmcrawlerx", "scrapy.hnmcrawler", "twisted"])
def test_a_warning_from_other_code_is_only_shown(module: str) -> None:
    result = python(["-c", WARN_FROM, module], child_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout == "went on\n"
    assert "UserWarning: our code warns" in result.stderr
    assert warnings_raised(result.stderr) == []


def test_without_the_helpers_environment_the_same_warning_is_only_shown() -> None:
    """The control: the error comes from ``tests/subprocess_site``, not from Python."""
    env = {k: v for k, v in child_env().items() if k != "PYTHONPATH"}
    result = python(["-c", WARN_FROM, "hnmcrawler.spiders.archive"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "went on\n"


def test_the_site_customisation_is_ours_and_shadows_none() -> None:
    """Python imports one ``sitecustomize``: the venv and the interpreter have none of their
    own that ours would hide."""
    show = ["-c", "import sitecustomize; print(sitecustomize.__file__)"]
    ours = python(show, child_env())
    assert ours.stdout.strip() == str(SUBPROCESS_SITE / "sitecustomize.py")
    env = {k: v for k, v in child_env().items() if k != "PYTHONPATH"}
    assert "No module named 'sitecustomize'" in python(show, env).stderr


@pytest.mark.e2e
def test_a_crawl_whose_code_warns_fails_the_test_though_scrapy_logs_the_error(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    """Scrapy catches what a pipeline raises, logs it and finishes the crawl (exit 0): the
    helper fails the test on the warning it finds in the log."""
    url = expected_mirror_items()[0]["url"]
    pipeline = 'ITEM_PIPELINES={"hnmcrawler.probe.WarningPipeline": 100}'
    args = ["-c", CRAWL_WITH_A_WARNING, "crawl", "urls", "-a", f"urls={url}", "-s", pipeline]
    env = {**SCRAPY_PROJECT, "HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""}
    with pytest.raises(pytest.fail.Exception, match="UserWarning: a pipeline of ours warns"):
        run_python([*args, *FAST], tmp_path, env)
    assert mirror.requests  # the crawl ran
    logged = python([*args, *FAST], child_env(env))  # the same crawl, not through the helper
    assert logged.returncode == 0
    assert "Error processing" in logged.stderr
    assert warnings_raised(logged.stderr) == ["UserWarning: a pipeline of ours warns"]


@pytest.mark.parametrize(
    "output",
    [
        pytest.param("/venv/scrapy/x.py:3: UserWarning: shown\n  warn()\n", id="a shown warning"),
        pytest.param(
            "2026-12-06 07:00:00 [py.warnings] WARNING: /x.py:3: DeprecationWarning: logged\n",
            id="a warning Scrapy logs",
        ),
        pytest.param("hnmcrawler: a UserWarning: is no traceback\n", id="a message"),
    ],
)
def test_warnings_only_shown_are_not_counted_as_raised(output: str) -> None:
    assert warnings_raised(output) == []


def test_a_warning_raised_in_a_traceback_is_found_by_its_qualified_name() -> None:
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "/x.py", line 3, in <module>\n'
        "scrapy.exceptions.ScrapyDeprecationWarning: use the new API\n"
    )
    assert warnings_raised(traceback) == [
        "scrapy.exceptions.ScrapyDeprecationWarning: use the new API"
    ]
