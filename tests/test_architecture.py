"""The package's shape, checked: no import cycle, the mirror out of the production path,
spiders without selectors. A newcomer can trust ``ls`` and the README's "Architecture"."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hnmcrawler"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (in functions too), but not under TYPE_CHECKING."""
    for node in ast.iter_child_nodes(tree):
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def imported(name: str) -> set[str]:
    """The hnmcrawler modules one module imports (``from pkg import mod`` names ``pkg.mod``)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imported(name) for name in MODULES}


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports() -> None:
    assert "hnmcrawler.extract" in GRAPH["hnmcrawler.spiders.base"]
    assert "hnmcrawler.commands.crawl" in GRAPH["hnmcrawler.commands"]


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles() == []


def test_only_the_mirror_commands_import_the_mirror_and_the_mirror_imports_no_layout() -> None:
    users = {
        n for n, targets in GRAPH.items() if any(t.startswith("hnmcrawler.mirror") for t in targets)
    }
    assert {u for u in users if not u.startswith("hnmcrawler.mirror")} == {
        "hnmcrawler.commands.mirror"
    }
    mirror = {n: t for n, t in GRAPH.items() if n.startswith("hnmcrawler.mirror")}
    assert not {n for n, t in mirror.items() if any(x.startswith("hnmcrawler.layouts") for x in t)}


def test_spiders_navigate_and_leave_markup_to_the_layouts() -> None:
    for path in (PACKAGE / "spiders").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".css(" not in text, path.name
        assert ".xpath(" not in text, path.name


# Load every component the project settings name, build the archive spider's crawler (add-ons
# applied), and print the handlers it would download with and the mirror modules loaded.
PRODUCTION_PATH = """
import sys
from scrapy.crawler import Crawler
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
settings = get_project_settings()
for name in ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "ADDONS"):
    for path in settings.getdict(name):
        load_object(path)
for name in ("FEED_STORAGES", "FEED_EXPORTERS"):
    for path in settings.getdict(name).values():
        load_object(path)
crawler = Crawler(SpiderLoader.from_settings(settings).load("archive"), settings)
crawler._apply_settings()
handlers = crawler.settings.getwithbase("DOWNLOAD_HANDLERS").values()
print(sorted(str(h) for h in handlers if "hnmcrawler" in str(h)))
print(sorted(m for m in sys.modules if m.startswith("hnmcrawler.mirror")))
"""


def test_a_crawl_of_the_real_site_loads_no_mirror_code() -> None:
    env = {k: v for k, v in os.environ.items() if k != "HNM_MIRROR"}
    env["SCRAPY_SETTINGS_MODULE"] = "hnmcrawler.settings"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", PRODUCTION_PATH],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "[]"]
