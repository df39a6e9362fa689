"""clean_captured_text: flat captures keep the review paragraphs only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewcrawl.extract.body.textclean import clean_captured_text, is_prose

PROJECT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("REVIEWCRAWL_SHARED") or PROJECT.parent / "shared")
SEEDS = SHARED / "seeds"

PARAGRAPHS = [
    "The film opens on a rain-slick street and never quite dries off, which suits a story about grief "
    "that refuses to stay in its lane.",
    "Its second half is looser, trading suspense for mood, but the two leads keep it anchored even when "
    "the plot wanders off for a cigarette.",
]


def seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0].read_text(encoding="utf-8")


def test_seed_000_keeps_only_the_review() -> None:
    cleaned = clean_captured_text(seed("000"))
    paragraphs = cleaned.split("\n\n")
    assert len(paragraphs) == 8
    assert all(is_prose(p) for p in paragraphs)
    for cruft in (
        "Beijing",
        "December 3, 2023",
        "READ MORE",
        "Check out our other content",
        "Check out other tags",
        "Most Popular Articles",
        "Culture",
        " C\n",
    ):
        assert cruft not in cleaned
    assert not paragraphs[0].startswith("Delving")  # the headline, twice, is gone


def test_seed_004_drops_the_comment_bubble() -> None:
    cleaned = clean_captured_text(seed("004"))
    paragraphs = cleaned.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[-1].startswith("Available to stream")
    for cruft in ("Would love your thoughts", "()"):
        assert cruft not in cleaned
    assert not any(p in ("0", "x") for p in paragraphs)
    assert "How the K-drama" in paragraphs[3]  # the in-text subheading stays


def test_header_zone_weather_and_duplicated_title() -> None:
    capture = "\n".join(
        [
            "12.5 C",
            "Lisbon",
            "Monday, May 6, 2024",
            "",
            "A Quiet Storm of a Film",
            "",
            "ReviewsA Quiet Storm of a Film",
            "",
            PARAGRAPHS[0],
            "",
            PARAGRAPHS[1],
        ]
    )
    assert clean_captured_text(capture) == "\n\n".join(PARAGRAPHS)


def test_everything_after_a_most_popular_label_goes() -> None:
    capture = "\n".join(
        [
            PARAGRAPHS[0],
            PARAGRAPHS[1],
            "Most Popular Articles",
            "Another critic loved a different film and wrote at length about it, in sentences.",
        ]
    )
    assert clean_captured_text(capture) == "\n\n".join(PARAGRAPHS)


def test_label_followed_by_link_titles() -> None:
    capture = "\n".join(
        [PARAGRAPHS[0], "READ MORE:", "Ten Films to Watch This Winter", "Why Sequels Fail", PARAGRAPHS[1]]
    )
    assert clean_captured_text(capture) == "\n\n".join(PARAGRAPHS)


def test_widget_leftovers_and_prompts() -> None:
    bubble = ["0", "Would love your thoughts, please comment.x", "()", "x"]
    tail = ["Share this:", "Tags: drama, thriller", "- Advertisement -"]
    capture = "\n".join([*PARAGRAPHS, *bubble, *tail])
    assert clean_captured_text(capture) == "\n\n".join(PARAGRAPHS)


def test_korean_reporter_and_copyright_lines() -> None:
    korean = "영화는 복수의 서사를 따라가지만, 배우의 절제된 연기가 장르의 관습을 넘어서는 순간을 만든다."
    reporter = "홍길동 기자 hong@news.example"
    capture = "\n".join([korean, reporter, "<저작권자 © 영화마당, 무단전재 및 재배포 금지>"])
    assert clean_captured_text(capture) == korean


def test_empty_and_cruft_only_inputs() -> None:
    assert clean_captured_text("") == ""
    assert clean_captured_text("READ MORE:\nMost Popular Articles\n0\nx") == ""
