"""The project deployed to a Scrapyd on loopback: schedule.json runs a crawl whose feed lands where asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.sampleweb import SampleWeb
from tests.conftest import PROJECT, SAMPLE_WEB, free_port_block

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")

PROJECT_NAME = "reviewcrawl"
EGG_SOURCES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
SCRAPYD_CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {root}/eggs
logs_dir = {root}/logs
dbs_dir = {root}/dbs
items_dir =
jobs_to_keep = 2
finished_to_keep = 10
max_proc = 2
poll_interval = 0.5
"""


def build_egg(tmp: Path) -> Path:
    """The project's egg, built by scrapyd-deploy from a copy of the project (so the tree stays clean)."""
    source = tmp / "project"
    source.mkdir()
    for name in EGG_SOURCES:
        shutil.copy(PROJECT / name, source / name)
    shutil.copytree(
        PROJECT / "reviewcrawl", source / "reviewcrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    egg = tmp / "reviewcrawl.egg"
    deploy = Path(sys.executable).with_name("scrapyd-deploy")
    command = [str(deploy)] if deploy.exists() else ["scrapyd-deploy"]
    done = subprocess.run(
        [*command, f"--build-egg={egg}"], cwd=source, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0 and egg.is_file(), done.stderr[-2000:]
    return egg


def call(base: str, endpoint: str, fields: list[tuple[str, str]] | None = None, **kwargs: Any) -> Any:
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    request = urllib.request.Request(f"{base}/{endpoint}", data=data, **kwargs)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def add_version(base: str, egg: Path) -> Any:
    boundary = "reviewcrawl-egg-boundary"
    parts = []
    for name, value in (("project", PROJECT_NAME.encode()), ("version", b"1")):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="project.egg"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + egg.read_bytes()
    )
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base}/addversion.json",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "scrapyd exited"
        try:
            if call(base, "daemonstatus.json")["status"] == "ok":
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("scrapyd did not come up")


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "scrapyd"
    root.mkdir()
    port = free_port_block(1)
    (root / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=port, root=root), "utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    log = (root / "scrapyd.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=root, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for_job(base: str, job: str, timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = call(base, f"listjobs.json?project={PROJECT_NAME}")
        finished = [j for j in jobs.get("finished", []) if j["id"] == job]
        if finished:
            return dict(finished[0])
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish")


def test_deployed_project_runs_a_scheduled_crawl(
    scrapyd: str, sample_web: SampleWeb, sample_registry: Path, tmp_path: Path
) -> None:
    egg = build_egg(tmp_path)
    added = add_version(scrapyd, egg)
    assert added["status"] == "ok" and added["spiders"] >= 1, added
    assert "reviews" in call(scrapyd, f"listspiders.json?project={PROJECT_NAME}")["spiders"]

    feed = tmp_path / "out" / "reviews.jsonl"
    settings = {
        "FEEDS": json.dumps({str(feed): {"format": "jsonlines"}}),
        "REVIEWCRAWL_SOURCES": str(sample_registry),
        "REVIEWCRAWL_FILMS": str(SAMPLE_WEB / "films.jsonl"),
        "REVIEWCRAWL_STATE_DB": str(tmp_path / "state.sqlite"),
    }
    fields = [("project", PROJECT_NAME), ("spider", "reviews"), ("source", "criticsledger")]
    fields += [("setting", f"{name}={value}") for name, value in settings.items()]
    scheduled = call(scrapyd, "schedule.json", fields)
    assert scheduled["status"] == "ok", scheduled
    wait_for_job(scrapyd, scheduled["jobid"])

    assert feed.is_file(), "the feed did not land where it was configured"
    records = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    site = sample_web.site("criticsledger")
    expected = sorted(
        f"{site.base}/{p.parent.relative_to(site.root)}/" for p in site.root.glob("**/expected.json")
    )
    assert sorted(r["url"] for r in records) == expected
    summary = json.loads(feed.with_name(feed.name + ".summary.json").read_text("utf-8"))
    assert summary["new"] == len(expected) and summary["errors"] == 0


def test_refused_job_says_why_in_its_own_log(scrapyd: str, tmp_path: Path) -> None:
    """Scrapyd runs the project's crawl command: a refused job's log holds the one-line reason."""
    added = add_version(scrapyd, build_egg(tmp_path))
    assert added["status"] == "ok", added
    films = ("setting", f"REVIEWCRAWL_FILMS={SAMPLE_WEB / 'films.jsonl'}")  # a deployed egg has no fixtures
    fields = [("project", PROJECT_NAME), ("spider", "reviews"), ("sorce", "all"), films]
    scheduled = call(scrapyd, "schedule.json", fields)
    assert scheduled["status"] == "ok", scheduled
    job = scheduled["jobid"]
    wait_for_job(scrapyd, job)
    log = tmp_path / "scrapyd" / "logs" / PROJECT_NAME / "reviews" / f"{job}.log"
    lines = log.read_text("utf-8").splitlines()
    assert "reviewcrawl: error: unknown argument 'sorce' (did you mean 'source'? " in "\n".join(lines)
    assert not [line for line in lines if "Traceback" in line]
