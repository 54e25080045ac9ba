"""README.md and docs/ against the code: every ``HNM_`` setting documented, the exit-code table
exactly ``ExitCode``, every command and option in ``docs/commands.md``, the README's first
commands those CI runs, and every relative link (and its anchor) pointing somewhere. Reads files
and parsers only: no crawl, no server."""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler import settings
from hnmcrawler.commands import build_parser
from hnmcrawler.exits import ExitCode
from tests.helpers import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]
DEMO = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/hnmcrawler demo"

HNM_SETTINGS = sorted(name for name in vars(settings) if name.startswith("HNM_"))


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sections(markdown: str, level: str = "## ") -> dict[str, str]:
    """Heading text -> the text under it, up to the next heading of the same level."""
    found: dict[str, str] = {}
    heading = None
    for line in markdown.splitlines():
        if line.startswith(level):
            heading = line.removeprefix(level).strip()
            found[heading] = ""
        elif heading is not None:
            found[heading] += line + "\n"
    return found


def table_rows(markdown: str) -> Iterator[list[str]]:
    """The cells of each row of the Markdown tables in ``markdown``."""
    for line in markdown.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line):
            yield [cell.strip() for cell in line.strip().strip("|").split("|")]


# --- (a) settings ---------------------------------------------------------------------------


def test_settings_py_assigns_hnm_settings() -> None:
    assert len(HNM_SETTINGS) > 20


@pytest.mark.parametrize("name", HNM_SETTINGS)
def test_every_hnm_setting_is_in_settings_md(name: str) -> None:
    assert f"`{name}`" in text(DOCS / "settings.md")


def test_every_hnm_name_in_settings_md_is_read_by_the_project() -> None:
    documented = set(re.findall(r"`(HNM_[A-Z0-9_]+)`", text(DOCS / "settings.md")))
    known = text(REPO / "hnmcrawler" / "settings.py") + text(REPO / "scrapy.cfg")
    assert sorted(name for name in documented if name not in known) == []


# --- (b) exit codes -------------------------------------------------------------------------


def documented_exit_codes() -> list[tuple[int, str]]:
    table = sections(text(DOCS / "operations.md"))["Exit codes"]
    return [
        (int(row[0]), row[1].strip("`")) for row in table_rows(table) if row and row[0].isdigit()
    ]


def test_the_exit_code_table_lists_exactly_the_codes_of_exit_code() -> None:
    assert documented_exit_codes() == [(int(code), code.name) for code in ExitCode]


# --- (c) commands ---------------------------------------------------------------------------


def leaf_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """``("store replay", parser)`` for every command that runs, however deep."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from leaf_commands(sub, (*path, name))
            return
    yield " ".join(path), parser


COMMANDS = dict(leaf_commands(build_parser()))


def test_the_parser_registers_the_commands_we_know() -> None:
    assert {"crawl", "demo", "export", "store replay"} <= set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_section_in_commands_md(command: str) -> None:
    assert f"`hnmcrawler {command}`" in sections(text(DOCS / "commands.md"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_argument_is_in_its_command_section(command: str) -> None:
    section = sections(text(DOCS / "commands.md"))[f"`hnmcrawler {command}`"]
    arguments = []
    for action in COMMANDS[command]._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        long = [s for s in action.option_strings if s.startswith("--")]
        arguments += long if action.option_strings else [action.dest]
    missing = [a for a in arguments if not re.search(rf"`{re.escape(a)}[ `]", section)]
    assert missing == []


def test_every_long_option_of_crawl_is_documented() -> None:
    section = sections(text(DOCS / "commands.md"))["`hnmcrawler crawl`"]
    options = [s for a in COMMANDS["crawl"]._actions for s in a.option_strings]
    long = [s for s in options if s.startswith("--") and s != "--help"]
    assert "--since" in long
    assert [s for s in long if f"`{s}" not in section] == []


# --- (d) the README's first commands ----------------------------------------------------------


def ci_test_command() -> str:
    """The command ``.ci/run`` runs after ``bash .ci/services``."""
    lines = [line.strip() for line in text(REPO / ".ci" / "run").splitlines()]
    after = lines[lines.index("bash .ci/services") + 1 :]
    return next(line for line in after if line and not line.startswith("#"))


def test_the_readme_opens_with_the_demo_and_the_ci_test_command() -> None:
    before, fence, rest = text(README).partition("```")
    assert [line for line in before.splitlines() if line.strip()] == ["# hnmcrawler"]
    assert fence
    block = rest.split("```", 1)[0].splitlines()[1:]  # the line after the fence's language
    assert [line for line in block if line.strip()] == [DEMO, ci_test_command()]


def test_ci_runs_the_test_suite() -> None:
    assert ci_test_command().endswith(".venv/bin/pytest")


# --- (e) links --------------------------------------------------------------------------------


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of ``markdown`` (``## The mirror`` ->
    ``the-mirror``; a repeated heading gets ``-1``, ``-2``...)."""
    found: set[str] = set()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#{1,6} ", line):
            continue
        words = unicodedata.normalize("NFC", line.lstrip("#").strip().lower())
        slug = re.sub(r"[^\w\- ]", "", words).replace(" ", "-")
        anchor, number = slug, 0
        while anchor in found:
            number += 1
            anchor = f"{slug}-{number}"
        found.add(anchor)
    return found


def relative_links() -> list[tuple[Path, str]]:
    return [
        (document, target)
        for document in DOCUMENTS
        for target in LINK.findall(text(document))
        if "://" not in target and not target.startswith("mailto:")
    ]


def test_the_documents_have_relative_links() -> None:
    assert len(DOCUMENTS) >= 8
    assert len(relative_links()) > 20


@pytest.mark.parametrize(
    ("document", "target"),
    [pytest.param(d, t, id=f"{d.relative_to(REPO)} -> {t}") for d, t in relative_links()],
)
def test_every_relative_link_points_to_a_file_and_heading_that_exist(
    document: Path, target: str
) -> None:
    path, _, anchor = target.partition("#")
    linked = (document.parent / path).resolve() if path else document
    assert linked.is_file(), f"{target}: no such file"
    if anchor:
        assert anchor in anchors(text(linked)), f"{target}: no such heading"
