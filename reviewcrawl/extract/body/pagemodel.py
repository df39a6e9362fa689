"""The page-type model: a multinomial logistic regression over ``pagefeatures``, scored in plain Python.

Its weights are ``reviewcrawl/data/pagetype_model.json``, written by ``python -m devtools.pagetypetrain``
(trained on every benchmark site and the sample web; the file says so, with its figures on unseen sites from
a site-grouped cross-validation). A page is not an article when the model gives the article class less than
the file's ``article_threshold``; the most likely other class names why. At ``sure_article`` or more, the
model's article outweighs the rules' listing evidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

MODEL_FILE = "pagetype_model.json"
Z_LIMIT = 6.0  # a standardised feature far outside what training saw counts no further than this
# the model's classes -> the reason a page of that class gives no record
REASONS = {
    "listing": "listing",
    "collection": "collection",
    "product": "product",
    "forum": "forum",
    "service": "not_article",
    "documentation": "not_article",
}


@dataclass(frozen=True)
class PageModel:
    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class
    bias: tuple[float, ...]
    article_threshold: float
    sure_article: float  # P(article) at which the model outweighs the rules' listing evidence

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageModel:
        return cls(
            features=tuple(data["features"]),
            classes=tuple(data["classes"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) or 1.0 for v in data["scale"]),
            weights=tuple(tuple(float(v) for v in row) for row in data["weights"]),
            bias=tuple(float(v) for v in data["bias"]),
            article_threshold=float(data["article_threshold"]),
            sure_article=float(data.get("sure_article", 2.0)),  # absent: never sure
        )

    def standardised(self, features: dict[str, float | None]) -> list[float]:
        """Each feature as training standardised it; an unknown one as the training mean (zero)."""
        values = []
        for name, mean, scale in zip(self.features, self.mean, self.scale, strict=True):
            value = features.get(name)
            z = 0.0 if value is None else (value - mean) / scale
            values.append(max(-Z_LIMIT, min(Z_LIMIT, z)))
        return values

    def probabilities(self, features: dict[str, float | None]) -> dict[str, float]:
        z = self.standardised(features)
        rows = zip(self.weights, self.bias, strict=True)
        logits = [bias + sum(w * x for w, x in zip(row, z, strict=True)) for row, bias in rows]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {name: e / total for name, e in zip(self.classes, exps, strict=True)}

    def verdict(self, features: dict[str, float | None]) -> str | None:
        """Why the page is not an article ("listing", …, "not_article"); "article" when the model is sure
        of one; None when it may be one."""
        probabilities = self.probabilities(features)
        article = probabilities.get("article", 1.0)
        if article >= self.sure_article:
            return "article"
        if article >= self.article_threshold:
            return None
        others = {name: p for name, p in probabilities.items() if name in REASONS}
        return REASONS[max(others, key=others.__getitem__)] if others else None


@cache
def page_model() -> PageModel | None:
    """The packaged model; None when the file is absent (the rules then judge alone)."""
    try:
        text = resources.files("reviewcrawl.data").joinpath(MODEL_FILE).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return PageModel.from_dict(json.loads(text))
