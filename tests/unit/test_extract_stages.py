"""The extraction is one pass: no stage module imports a later stage, no package a later package.

Read from the source (every import statement, also those inside functions), so a back-call cannot hide in a
lazy import.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

# The pass in order; each stage may use only the stages before it.
STAGES: list[tuple[str, ...]] = [
    ("reviewcrawl.extract.page.decode",),
    ("reviewcrawl.extract.page.page",),  # parse
    ("reviewcrawl.extract.body.locate",),
    ("reviewcrawl.extract.body.pagetype",),
    ("reviewcrawl.extract.body.strip",),
    ("reviewcrawl.extract.meta.metadata", "reviewcrawl.extract.meta.rating"),
    ("reviewcrawl.films.tagger", "reviewcrawl.films.mentions"),
]
# Packages in the order a page goes through them.
PACKAGES = [
    "reviewcrawl.extract.page",
    "reviewcrawl.extract.body",
    "reviewcrawl.extract.meta",
    "reviewcrawl.films",
]
CONSUMERS = ["reviewcrawl.reading", "reviewcrawl.pipelines"]  # use extraction, never used by it


def module_path(module: str) -> Path | None:
    base = PROJECT / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def direct_imports(module: str) -> frozenset[str]:
    path = module_path(module)
    assert path is not None, module
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:  # "from package import module" imports the module
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if module_path(submodule) else node.module)
    return frozenset(name for name in found if name.startswith("reviewcrawl"))


def reachable(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        for name in direct_imports(todo.pop()):
            if name not in seen and module_path(name):
                seen.add(name)
                todo.append(name)
    return seen


def modules_of(package: str) -> list[str]:
    root = PROJECT / Path(*package.split("."))
    return [f"{package}.{path.stem}" for path in sorted(root.glob("*.py")) if path.stem != "__init__"]


@pytest.mark.parametrize("position", range(len(STAGES)), ids=lambda i: STAGES[i][0].rsplit(".", 1)[1])
def test_no_stage_reaches_a_later_stage(position: int) -> None:
    later = {module for stage in STAGES[position + 1 :] for module in stage}
    for module in STAGES[position]:
        assert module_path(module) is not None, module
        assert not reachable(module) & later, f"{module} reaches {sorted(reachable(module) & later)}"


@pytest.mark.parametrize("position", range(len(PACKAGES)), ids=lambda i: PACKAGES[i].rsplit(".", 1)[1])
def test_no_package_imports_a_later_one(position: int) -> None:
    forbidden = tuple(f"{package}." for package in PACKAGES[position + 1 :] + CONSUMERS)
    for module in modules_of(PACKAGES[position]):
        back = sorted(name for name in direct_imports(module) if name.startswith(forbidden))
        assert not back, f"{module} imports {back}"
