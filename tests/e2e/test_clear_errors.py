"""Clear errors, never a traceback: the real commands, run as a user runs them.

A refused run prints one ``reviewcrawl: error: …`` line and exits 2 before any request (the local site it was
pointed at sees nothing); a run that reached nothing exits 1 and its summary says so.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewcrawl import settings as project_settings
from reviewcrawl.settingcheck import PREFIX, SETTING_RULES
from tests.conftest import PROJECT, free_port_block, run_crawl, run_refused_crawl
from tests.hostile_pages import ENGLISH, review_html
from tests.hostile_server import HostileSite, page

SLUG = next(iter(ENGLISH))


@pytest.fixture(scope="module")
def site() -> Iterator[HostileSite]:
    """A site with one review page; a refused run must not send it a single request."""
    hostile = HostileSite(routes={"/review/": page(review_html(ENGLISH[SLUG], slug=SLUG))}).start()
    yield hostile
    hostile.stop()


@pytest.fixture(scope="module")
def empty_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "empty.toml"
    path.write_text("", "utf-8")
    return path


def run(command: list[str], cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def assert_one_error_line(returncode: int, stderr: str, *fragments: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("reviewcrawl: error:")]
    assert returncode == 2, stderr[-2000:]
    assert len(errors) == 1, stderr[-2000:]
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


# --- settings: one table, one line each --------------------------------------------------------------------

BAD_SETTINGS = [
    ("REVIEWCRAWL_MAX_QUERY_VARIANTS", "abc", "must be a whole number"),
    ("REVIEWCRAWL_READER_PROCESSES", "many", "must be a whole number"),
    ("REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD", "abc", "must be a number"),
    ("REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD", "1.5", "at most 1"),
    ("REVIEWCRAWL_MIN_WORDS", "ten", "must be a whole number"),
    ("REVIEWCRAWL_BROWSER_FALLBACK", "perhaps", "must be True or False"),
    ("REVIEWCRAWL_MAX_URL_LENGTH", "-5", "at least 1"),
    ("REVIEWCRAWL_READ_TIMEOUT", "-1", "above 0"),
    ("REVIEWCRAWL_FILMS", "/no/such/films.jsonl", "film catalogue"),
    ("REVIEWCRAWL_MIN_WORD", "10", "is not a reviewcrawl setting"),
]


@pytest.mark.parametrize(
    ("name", "value", "message"), BAD_SETTINGS, ids=[f"{n}={v}" for n, v, _ in BAD_SETTINGS]
)
def test_bad_setting_is_one_line_before_any_request(
    name: str, value: str, message: str, site: HostileSite, empty_registry: Path
) -> None:
    before = len(site.paths())
    refused = run_refused_crawl(
        ["-a", f"urls={site.url('/review/')}"], {"REVIEWCRAWL_SOURCES": str(empty_registry), name: value}
    )
    assert_one_error_line(refused.returncode, refused.stderr, name, message)
    if name in SETTING_RULES:
        assert refused.errors[0].endswith(f", got {value!r}")
    assert len(site.paths()) == before


def test_min_words_message_as_documented(site: HostileSite, empty_registry: Path) -> None:
    refused = run_refused_crawl(
        ["-a", f"urls={site.url('/review/')}"],
        {"REVIEWCRAWL_SOURCES": str(empty_registry), "REVIEWCRAWL_MIN_WORDS": "ten"},
    )
    assert refused.errors == ["reviewcrawl: error: REVIEWCRAWL_MIN_WORDS must be a whole number, got 'ten'"]


def test_every_declared_setting_has_a_row() -> None:
    declared = {name for name in vars(project_settings) if name.startswith(PREFIX)}
    assert declared <= set(SETTING_RULES), declared - set(SETTING_RULES)


def test_every_setting_with_a_row_is_declared_once_in_settings_py() -> None:
    assert set(SETTING_RULES) <= set(vars(project_settings)), set(SETTING_RULES) - set(vars(project_settings))


def settings_read_with_a_fallback(path: Path) -> list[str]:
    """``settings.get…("REVIEWCRAWL_…", fallback)`` calls: a second default beside settings.py's."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr.startswith("get")
        and len(node.args) > 1
        and isinstance(node.args[0], ast.Constant)
        and str(node.args[0].value).startswith(PREFIX)
    ]


def test_components_read_settings_without_fallbacks() -> None:
    modules = [*(PROJECT / "reviewcrawl").rglob("*.py"), *(PROJECT / "devtools").rglob("*.py")]
    found = {str(path.relative_to(PROJECT)): settings_read_with_a_fallback(path) for path in modules}
    found = {path: names for path, names in found.items() if names}
    assert found == {}


def test_refusal_is_also_in_the_log_file(tmp_path: Path, site: HostileSite, empty_registry: Path) -> None:
    log = tmp_path / "crawl.log"
    refused = run_refused_crawl(
        ["-a", f"urls={site.url('/review/')}"],
        {"REVIEWCRAWL_SOURCES": str(empty_registry), "REVIEWCRAWL_READ_TIMEOUT": "-1", "LOG_FILE": str(log)},
    )
    assert refused.returncode == 2
    assert refused.errors[0] in log.read_text("utf-8").splitlines()


# --- spider arguments ---------------------------------------------------------------------------------------

BAD_ARGUMENTS = [
    pytest.param(["-a", "sorce=all"], "unknown argument 'sorce'", id="unknown-argument"),
    pytest.param(
        ["-a", "title=Drive", "-a", "year=²"], "year must be a number between 1870 and 2100", id="year-²"
    ),
    pytest.param(["-a", "urls={a} {b}"], "holds a space", id="urls-separated-by-a-space"),
]


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_argument_is_one_line_before_any_request(
    args: list[str], message: str, site: HostileSite, empty_registry: Path
) -> None:
    before = len(site.paths())
    filled = [arg.format(a=site.url("/review/"), b=site.url("/other/")) for arg in args]
    refused = run_refused_crawl(filled, {"REVIEWCRAWL_SOURCES": str(empty_registry)})
    assert_one_error_line(refused.returncode, refused.stderr, message)
    assert len(site.paths()) == before


# --- other commands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["65533", "-5", "0"])
def test_serve_refuses_a_port_block_that_does_not_fit(port: str) -> None:
    done = run([sys.executable, "-m", "reviewcrawl.cli", "serve", f"--port={port}"])
    assert_one_error_line(done.returncode, done.stderr, "--port must be between 1 and 65531", port)


def test_imdb_catalogue_with_a_missing_file(tmp_path: Path) -> None:
    output = tmp_path / "films.jsonl"
    command = [sys.executable, "-m", "reviewcrawl.films.imdb", "--basics", str(tmp_path / "none.tsv.gz")]
    done = run([*command, "-o", str(output)])
    assert_one_error_line(done.returncode, done.stderr, "--basics file not found")
    assert not output.exists()


# --- a run that reached nothing -----------------------------------------------------------------------------


def unreachable_registry(path: Path) -> Path:
    """The project's registry with every source moved to a loopback port where nothing listens."""
    text = (PROJECT / "sources.toml").read_text("utf-8")
    count = len(re.findall(r"^base_url = ", text, flags=re.M))
    first = free_port_block(count)
    ports = iter(range(first, first + count))
    text = re.sub(
        r'^base_url = "[^"]*"', lambda _: f'base_url = "http://127.0.0.1:{next(ports)}"', text, flags=re.M
    )
    path.write_text(text, "utf-8")
    return path


def test_every_host_unreachable_is_errors_and_exit_1(tmp_path: Path) -> None:
    registry = unreachable_registry(tmp_path / "sources.toml")
    result = run_crawl(
        tmp_path,
        {"source": "all"},
        {"REVIEWCRAWL_SOURCES": str(registry), "REVIEWCRAWL_RETRY_BACKOFF": "0.05"},
        timeout=180,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.summary["pages_fetched"] == 0
    assert result.summary["errors"] >= 5  # one robots.txt per host, at least
    assert result.summary["reached_nothing"] is True
    [line] = [line for line in result.log.splitlines() if "reviewcrawl summary:" in line]
    assert f"errors {result.summary['errors']}" in line and "nothing reached" in line
    assert "Traceback" not in result.log + result.stderr


def test_summary_line_names_the_skips(tmp_path: Path, site: HostileSite, empty_registry: Path) -> None:
    short, long = site.url("/review/"), site.url("/review/?" + "x" * 40)
    result = run_crawl(
        tmp_path,
        {"urls": f"{short},{long}"},
        {"REVIEWCRAWL_SOURCES": str(empty_registry), "REVIEWCRAWL_MAX_URL_LENGTH": str(len(short) + 10)},
    )
    assert result.returncode == 0
    [line] = [line for line in result.log.splitlines() if "reviewcrawl summary:" in line]
    assert "skipped 1 (url_too_long=1)" in line, line
    assert "nothing reached" not in line


# --- scrapy parse ------------------------------------------------------------------------------------------


def test_scrapy_parse_reads_a_page_with_the_page_callback(site: HostileSite, empty_registry: Path) -> None:
    url = site.url("/review/")
    command = [sys.executable, "-m", "scrapy", "parse", "--spider=reviews", url, "--nocolour"]
    done = run([*command, "-s", f"REVIEWCRAWL_SOURCES={empty_registry}", "-s", "LOG_LEVEL=WARNING"])
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "# Scraped Items" in done.stdout
    assert f"'url': '{url}'" in done.stdout and "bytes>'" in done.stdout
    assert site.requested("/review/")
