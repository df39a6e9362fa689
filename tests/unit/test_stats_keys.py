"""Stats keys and reasons are named in reviewcrawl/stats.py alone, and README.md's table is that module's."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from reviewcrawl.stats import FAMILIES, Drop, Skip, is_named, markdown_table

ROOT = Path(__file__).resolve().parents[2]
KEY_LITERAL = re.compile(r"reviewcrawl/[a-z_]+/")


def test_readme_stats_table_is_the_stats_module() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    # On a failure, paste reviewcrawl.stats.markdown_table() over README.md's stats table.
    assert markdown_table() in readme


def test_every_reason_has_a_description() -> None:
    for family in FAMILIES:
        for member in family:
            assert member.description.strip(), member.key
            assert member.key == f"{family.family()}/{member}"
            assert member.key.startswith("reviewcrawl/")


def test_keys_keep_their_spelling() -> None:
    assert Skip.OFF_SITE.key == "reviewcrawl/skipped/off_site"
    assert Drop.SHORT_BODY.key == "reviewcrawl/dropped/short_body"
    assert is_named("reviewcrawl/errors/http_404")
    assert is_named("reviewcrawl/removed/ads/chars")
    assert not is_named("reviewcrawl/skipped/off_sight")


def spelt_keys(path: Path) -> list[str]:
    """String constants (docstrings aside) in ``path`` that spell a stats key."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and KEY_LITERAL.search(node.value)
    ]


def test_no_other_module_spells_a_stats_key() -> None:
    modules = [*(ROOT / "reviewcrawl").rglob("*.py"), *(ROOT / "devtools").rglob("*.py")]
    spelt = {
        str(path.relative_to(ROOT)): keys
        for path in modules
        if path.name != "stats.py" and (keys := spelt_keys(path))
    }
    assert spelt == {}
