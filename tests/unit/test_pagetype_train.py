"""The page-type model's training: the fit separates what it is shown, the file it writes is what the
extraction reads, and without benchmark data it says so and writes nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from devtools.pagetypetrain import CLASSES, MODEL_PATH, fit, main, model_file
from reviewcrawl.extract.body.pagemodel import PageModel


def separable() -> tuple[np.ndarray, list[str]]:
    """Articles with many long paragraphs, listings with many headlines, documentation with code blocks."""
    rng = np.random.default_rng(7)
    shapes = {"article": (8.0, 1.0, 0.0), "listing": (1.0, 9.0, 0.0), "documentation": (3.0, 1.0, 6.0)}
    rows, labels = [], []
    for label, centre in shapes.items():
        for _ in range(40):
            rows.append(np.array(centre) + rng.normal(0, 0.7, 3))
            labels.append(label)
    return np.array(rows), labels


def test_the_fit_separates_page_shapes_and_scores_the_same_in_plain_python() -> None:
    x, labels = separable()
    fitted = fit(x, labels)
    predicted = [CLASSES[i] for i in fitted.probabilities(x).argmax(axis=1)]
    assert np.mean([p == t for p, t in zip(predicted, labels, strict=True)]) > 0.95
    written = model_file(["paragraphs", "headlines", "code"], fitted, 0.05, len(labels))
    model = PageModel.from_dict(written)
    features = {"paragraphs": 1.0, "headlines": 9.0, "code": None}  # code unknown: the training mean
    assert model.verdict(features) == "listing"
    assert model.probabilities({"paragraphs": 8.0, "headlines": 1.0, "code": 0.0})["article"] > 0.9
    assert model.probabilities({"paragraphs": 3.0, "headlines": 1.0, "code": 6.0})["product"] < 0.01


def test_without_benchmark_data_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = MODEL_PATH.read_bytes()
    assert main(["--shared", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out
    assert MODEL_PATH.read_bytes() == before
