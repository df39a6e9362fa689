"""Train the page-type model (``reviewcrawl/data/pagetype_model.json``) on the benchmark sites' dev half.

    python -m devtools.pagetypetrain [--shared PATH] [--jobs N] [--features FILE] [--folds K] [--dry-run]

Data recipe:
- Pages: the benchmark sets ``devtools.pagetypebench`` reads from ``../shared/bench`` (REVIEWCRAWL_SHARED,
  --shared): WCXB's non-article pages labelled by their page type (listing, collection, product, forum,
  service, documentation) and the three article sets labelled "article"; plus the project's own sample web
  (``fixtures/sample-web``): its review pages as articles, its home, category, tag, author and further pages
  as listings, so the film reviews the crawler exists for weigh in whatever the benchmark sites do.
- Split: by site (``devtools.bench.domain_half``). The model is fitted on the dev half (and the sample web)
  ONLY; the held-out half is scored once, for the figures printed, never for choosing anything.
- Features: ``reviewcrawl.extract.body.pagefeatures`` of each page, as the extraction computes them
  (``pagetype.kind_and_features``). ``--features FILE`` keeps them between runs (JSON lines; keep it outside
  the repository).
- Model: multinomial logistic regression on standardised features, classes weighted to equal total weight,
  L2 penalty; fitted by full-batch gradient descent (numpy, at training time only: the extraction scores it
  in plain Python).
- Threshold: a page is not an article when P(article) falls below ``article_threshold``, chosen on out-of-fold
  scores of a leave-sites-out cross-validation over the dev half (folds grouped by domain): the highest
  threshold that holds at least ARTICLE_KEEP of the dev articles and every sample-web review, times MARGIN.
- Not judged (no features): pages with under 100 characters of located body, and pages whose JSON-LD names
  an article type; the rules alone judge those.
- Use: the rules judge first; the model judges the pages the rules leave as possible articles, and outweighs
  the rules' listing evidence (not a declared type or a priced grid) when P(article) >= SURE_ARTICLE.

Prints the cross-validated figures (dev, out of fold) and the held-out figures: the share of each page type
the rules, and the rules with the model, leave as possible articles.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from devtools.bench import PROJECT_ROOT, find_shared
from devtools.pagetypebench import load_samples

MODEL_PATH = PROJECT_ROOT / "reviewcrawl" / "data" / "pagetype_model.json"
SAMPLE_WEB = PROJECT_ROOT / "fixtures" / "sample-web" / "sites"
CLASSES = ("article", "listing", "collection", "product", "forum", "service", "documentation")
ARTICLE_KEEP = 0.99  # of the dev articles the model judges that the threshold must hold (out of fold)
SURE_ARTICLE = 0.9  # P(article) at which the model outweighs the rules' listing evidence
MARGIN = 0.5  # the threshold is this share of the lowest score kept: room for sites unlike any seen
L2 = 0.02
STEPS = 1500
RATE = 0.5


@dataclass(frozen=True)
class Row:
    set_name: str
    page_id: str
    domain: str
    half: str  # "dev", "held-out"; the sample web trains as "dev"
    label: str
    by_rules: str | None  # the rules' reason, None for a possible article
    features: dict[str, float | None] | None


@dataclass(frozen=True)
class Job:
    set_name: str
    page_id: str
    domain: str
    half: str
    label: str
    path: str
    url: str


def sample_web_jobs() -> Iterator[Job]:
    """The sample web's pages: a folder with expected.json holds a review, every other page lists."""
    for page in sorted(SAMPLE_WEB.glob("*/**/index.html")):
        site = page.relative_to(SAMPLE_WEB).parts[0]
        folder = page.parent.relative_to(SAMPLE_WEB / site).as_posix()
        label = "article" if (page.parent / "expected.json").exists() else "listing"
        url = f"http://127.0.0.1:8711/{folder}/".replace("/./", "/")
        yield Job("sample-web", f"{site}/{folder}", f"sample-web/{site}", "dev", label, str(page), url)


def bench_jobs(shared: Path) -> Iterator[Job]:
    for s in load_samples(shared):
        yield Job(s.set_name, s.page_id, s.domain, s.half, s.page_type, s.path, s.url)


def featurise(job: Job) -> Row:
    import gzip

    from reviewcrawl.extract.body.pagetype import kind_and_features
    from reviewcrawl.extract.page.page import load_page

    raw = Path(job.path).read_bytes()
    raw = gzip.decompress(raw) if job.path.endswith(".gz") else raw
    raw = raw.replace(b"{{base}}", b"http://127.0.0.1:8711")
    page = load_page(raw, job.url or None)
    kind, features = kind_and_features(page) if page is not None else (None, None)
    by_rules = kind.by_rules if kind is not None else None
    return Row(job.set_name, job.page_id, job.domain, job.half, job.label, by_rules, features)


def load_rows(shared: Path | None, jobs: int, cache: Path | None) -> list[Row]:
    if cache is not None and cache.exists():
        return [Row(**json.loads(line)) for line in cache.read_text("utf-8").splitlines()]
    todo = [*sample_web_jobs(), *(bench_jobs(shared) if shared is not None else [])]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            rows = list(pool.map(featurise, todo, chunksize=8))
    else:
        rows = [featurise(job) for job in todo]
    if cache is not None:
        cache.write_text("".join(json.dumps(asdict(row)) + "\n" for row in rows), "utf-8")
    return rows


def feature_names(rows: Iterable[Row]) -> list[str]:
    return sorted({name for row in rows if row.features for name in row.features})


def matrix(rows: list[Row], names: list[str]) -> np.ndarray:
    """Features as a float matrix, NaN for unknown ones."""
    return np.array(
        [[np.nan if (v := (r.features or {}).get(n)) is None else v for n in names] for r in rows],
        dtype=float,
    )


@dataclass
class Fitted:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # classes x features
    bias: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = standardise(x, self.mean, self.scale)
        return softmax(z @ self.weights.T + self.bias)


def standardise(x: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    z = (x - mean) / scale
    return np.clip(np.nan_to_num(z, nan=0.0), -6.0, 6.0)  # unknown: the mean, as the extraction scores it


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def fit(x: np.ndarray, labels: list[str]) -> Fitted:
    mean = np.nanmean(x, axis=0)
    scale = np.nanstd(x, axis=0)
    scale[~(scale > 1e-9)] = 1.0
    mean = np.nan_to_num(mean)
    z = standardise(x, mean, scale)
    y = np.array([CLASSES.index(label) for label in labels])
    onehot = np.eye(len(CLASSES))[y]
    counts = onehot.sum(axis=0)
    present = counts > 0
    sample_weight = (1.0 / (counts[y] * present.sum()))[:, None]  # every class the same total weight
    w = np.zeros((len(CLASSES), x.shape[1]))
    b = np.zeros(len(CLASSES))
    for _ in range(STEPS):
        p = softmax(z @ w.T + b)
        grad = (p - onehot) * sample_weight
        w -= RATE * (grad.T @ z + L2 * w)
        b -= RATE * grad.sum(axis=0)
    b[~present] = -30.0  # a class without training pages is never predicted
    return Fitted(mean, scale, w, b)


def fold_of(domain: str, folds: int) -> int:
    import hashlib

    return hashlib.sha256(f"fold:{domain}".encode()).digest()[0] % folds


def out_of_fold(rows: list[Row], x: np.ndarray, folds: int) -> np.ndarray:
    """P(article) of each dev row from a model fitted without its site's fold (folds grouped by domain)."""
    scores = np.zeros(len(rows))
    fold = np.array([fold_of(r.domain, folds) for r in rows])
    for k in range(folds):
        train = fold != k
        model = fit(x[train], [r.label for r, t in zip(rows, train, strict=True) if t])
        scores[~train] = model.probabilities(x[~train])[:, 0]
    return scores


def choose_threshold(rows: list[Row], p_article: np.ndarray) -> float:
    """The highest threshold holding ARTICLE_KEEP of the benchmark articles and every sample-web review (only
    articles the rules leave as articles count: the rules' own losses are not the model's to keep)."""
    bench = sorted(
        p for r, p in zip(rows, p_article, strict=True) if is_article(r) and r.set_name != "sample-web"
    )
    reviews = [
        p for r, p in zip(rows, p_article, strict=True) if is_article(r) and r.set_name == "sample-web"
    ]
    allowed = int(len(bench) * (1 - ARTICLE_KEEP))
    threshold = MARGIN * float(bench[allowed]) if bench else 0.5
    return min(threshold, *(MARGIN * float(p) for p in reviews)) if reviews else threshold


def is_article(row: Row) -> bool:
    return row.label == "article" and row.by_rules is None


def report(title: str, rows: list[Row], p_article: np.ndarray, threshold: float) -> None:
    """Share of each row kind left as a possible article: by the rules alone, and by the rules and model."""
    cells: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row, p in zip(rows, p_article, strict=True):
        key = row.set_name if row.label == "article" else row.label
        cells[key][0] += row.by_rules is None
        cells[key][1] += (row.by_rules is None and p >= threshold) or (
            row.by_rules == "listing" and p >= SURE_ARTICLE
        )
        cells[key][2] += 1
    print(f"{title}: possible articles, rules alone -> rules and model")
    for key in sorted(cells):
        rules, both, total = cells[key]
        print(f"  {key:<24}{rules / total:>7.1%} -> {both / total:>6.1%}  ({rules}->{both} of {total})")


def model_file(names: list[str], model: Fitted, threshold: float, trained: int) -> dict[str, object]:
    return {
        "about": "page-type model, multinomial logistic regression: python -m devtools.pagetypetrain",
        "trained_on": f"{trained} pages of the benchmark's dev-half sites and the sample web",
        "features": names,
        "classes": list(CLASSES),
        "mean": [round(float(v), 6) for v in model.mean],
        "scale": [round(float(v), 6) for v in model.scale],
        "weights": [[round(float(v), 6) for v in row] for row in model.weights],
        "bias": [round(float(v), 6) for v in model.bias],
        "article_threshold": round(threshold, 6),
        "sure_article": SURE_ARTICLE,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="the shared data folder (holds bench/)")
    parser.add_argument("--jobs", type=int, default=1, help="reader processes")
    parser.add_argument("--features", type=Path, help="keep the pages' features in this file between runs")
    parser.add_argument("--folds", type=int, default=5, help="leave-sites-out folds over the dev half")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write no model file")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("page-type benchmark data not found (../shared/bench)")
        return 0
    rows = [
        r
        for r in load_rows(shared, args.jobs, args.features)
        if r.features is not None and r.label in CLASSES
    ]
    names = feature_names(rows)
    dev = [r for r in rows if r.half == "dev"]
    held_out = [r for r in rows if r.half == "held-out"]
    x_dev, x_held = matrix(dev, names), matrix(held_out, names)
    oof = out_of_fold(dev, x_dev, args.folds)
    threshold = choose_threshold(dev, oof)
    report(f"dev, {args.folds}-fold leave-sites-out (threshold {threshold:.3f})", dev, oof, threshold)
    model = fit(x_dev, [r.label for r in dev])
    report("held-out (fitted on the whole dev half)", held_out, model.probabilities(x_held)[:, 0], threshold)
    if not args.dry_run:
        MODEL_PATH.write_text(
            json.dumps(model_file(names, model, threshold, len(dev)), indent=1) + "\n", "utf-8"
        )
        print(f"wrote {MODEL_PATH.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
