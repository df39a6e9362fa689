from __future__ import annotations

from pathlib import Path

import pytest

from reviewcrawl.planning.sources import RegistryError, load_registry
from tests.conftest import PROJECT


def test_project_registry_loads() -> None:
    registry = load_registry(PROJECT / "sources.toml")
    reeltalk = registry.sources["reeltalk"]
    assert reeltalk.is_review_url("http://127.0.0.1:8713/reviews/some-film/")
    assert not reeltalk.is_review_url("http://127.0.0.1:8712/reviews/some-film/")
    assert reeltalk.is_listing_url("http://127.0.0.1:8713/page/2/")
    assert reeltalk.search_url("past lives") == "http://127.0.0.1:8713/?s=past+lives"
    assert registry.sources["screenscript"].js
    assert registry.for_url("http://127.0.0.1:8711/anything") is registry.sources["criticsledger"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[sources.a]\nreview_links = "x"\n', "base_url"),
        ('[sources.a]\nbase_url = "ftp://x"\nreview_links = "x"\n', "base_url"),
        ('[sources.a]\nbase_url = "http://x"\n', "review_links is required"),
        ('[sources.a]\nbase_url = "http://x"\nreview_links = "("\n', "not a valid regular expression"),
        ("not toml at all [", "not valid TOML"),
    ],
)
def test_malformed_registry_is_explained(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(body, "utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_missing_registry(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "nope.toml")
