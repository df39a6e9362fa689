"""Train the page-type model (``reviewcrawl/data/pagetype_model.json``) on every benchmark site, and measure
it on sites it never saw.

    python -m devtools.pagetypetrain [--shared PATH] [--jobs N] [--features FILE] [--folds K]
                                     [--protocol cv|halves] [--dry-run]

Data recipe:
- Pages: the benchmark sets ``devtools.pagetypebench`` reads from ``../shared/bench`` (REVIEWCRAWL_SHARED,
  --shared): WCXB's non-article pages labelled by their page type (listing, collection, product, forum,
  service, documentation) and the three article sets labelled "article"; plus the project's own sample web
  (``fixtures/sample-web``): its review pages as articles, its home, category, tag, author and further pages
  as listings, so the film reviews the crawler exists for weigh in whatever the benchmark sites do.
- Measure (``--protocol cv``, the default): a K-fold cross-validation grouped by site over every site of
  every set, both halves and the sample web (the site as ``devtools.bench.domain_half`` reads it: the domain,
  the publisher for fundus). Each fold's model and threshold are fitted on the other folds' sites alone, so
  every page is judged by a model that never saw its site. This is the unseen-site figure.
- Ship: the model fitted on every site, its threshold chosen the same way; the file carries the
  cross-validated figures. (The benchmark's held-out half is in its training: ``devtools.pagetypebench``
  then reports seen sites.)
- ``--protocol halves``: the older check, fitted on the dev half (and the sample web) alone, dev judged out
  of fold within it and the held-out half by the dev model; prints only, writes nothing.
- Features: ``reviewcrawl.extract.body.pagefeatures`` of each page, as the extraction computes them
  (``pagetype.kind_and_features``), and whether the page's body is long enough for a record when the page
  type lets it through. ``--features FILE`` keeps them between runs (JSON lines; keep it outside the
  repository).
- Model: multinomial logistic regression on standardised features, classes weighted to equal totals
  (articles ARTICLE_WEIGHT times more), L2 penalty; fitted by full-batch gradient descent (numpy, at
  training time only: the extraction scores it in plain Python).
- Threshold: a page is not an article when P(article) falls below ``article_threshold``, chosen among the
  training sites only: on the out-of-fold scores of a site-grouped cross-validation among them, the highest
  threshold that holds at least ARTICLE_KEEP of their articles and every sample-web review, times MARGIN.
- Not judged (no features): pages with under 100 characters of located body, and pages whose JSON-LD names
  an article type; the rules alone judge those.
- Use: the rules judge first; the model judges the pages the rules leave as possible articles, and outweighs
  the rules' listing evidence (not a declared type or a priced grid) when P(article) >= SURE_ARTICLE.

Prints, per page type and article set and per half, the share giving a record: by the rules alone, and by
the rules and the model (a page the two leave as a possible article gives one when its body is long enough).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from devtools.bench import HALVES, PROJECT_ROOT, find_shared, site_key
from devtools.pagetypebench import ARTICLE_SETS, REJECTED_TYPES, load_samples

if TYPE_CHECKING:
    from reviewcrawl.extract.page.page import Page

MODEL_PATH = PROJECT_ROOT / "reviewcrawl" / "data" / "pagetype_model.json"
SAMPLE_WEB = PROJECT_ROOT / "fixtures" / "sample-web" / "sites"
CLASSES = ("article", "listing", "collection", "product", "forum", "service", "documentation")
ARTICLE_KEEP = 0.99  # of the articles the model judges that the threshold must hold (out of fold)
SURE_ARTICLE = 0.9  # P(article) at which the model outweighs the rules' listing evidence
MARGIN = 0.5  # the threshold is this share of the lowest score kept: room for sites unlike any seen
L2 = 0.05
ARTICLE_WEIGHT = 4.0  # articles weigh more: a kept article counts more than a caught listing (cv)
STEPS = 1500
REPORT_HALVES = (*HALVES, "all")
REPORT_ORDER = (
    *ARTICLE_SETS,
    "sample-web",
    *REJECTED_TYPES,
    "listing+collection+product",
    "sample-web listing",
    "forum",
    "service",
    "documentation",
)
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
    # whether the page gives a record when the page type lets it through (a body of the minimum length)
    gives_body: bool = True


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
    body = page is not None and body_long_enough(page)
    return Row(job.set_name, job.page_id, job.domain, job.half, job.label, by_rules, features, body)


def body_long_enough(page: Page) -> bool:
    """Whether the page's body is long enough for a record, whatever its page type: as ``review_or_reason``
    reads it past the page-type check (no body, or a short one, gives none)."""
    from reviewcrawl import settings as defaults
    from reviewcrawl.extract.review import ReviewPage
    from reviewcrawl.reading.record import text_units

    review = ReviewPage(page)  # the body alone: the page type is the rules' and the model's part
    try:
        body = review.body()
    except Exception:
        return False
    return bool(body) and text_units(body) >= defaults.REVIEWCRAWL_MIN_WORDS


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
    class_weight = np.where(np.arange(len(CLASSES)) == 0, ARTICLE_WEIGHT, 1.0)
    # classes weighted to equal totals, articles ARTICLE_WEIGHT times more
    sample_weight = (class_weight[y] / (counts[y] * present.sum()))[:, None]
    w = np.zeros((len(CLASSES), x.shape[1]))
    b = np.zeros(len(CLASSES))
    for _ in range(STEPS):
        p = softmax(z @ w.T + b)
        grad = (p - onehot) * sample_weight
        w -= RATE * (grad.T @ z + L2 * w)
        b -= RATE * grad.sum(axis=0)
    b[~present] = -30.0  # a class without training pages is never predicted
    return Fitted(mean, scale, w, b)


def site_folds(rows: list[Row], folds: int) -> np.ndarray:
    """Each row's fold, grouped by site: the sites in a stable hashed order, dealt round the folds, so every
    fold holds about as many sites and no site is in two folds."""
    sites = sorted(
        {site_key(r.domain) for r in rows}, key=lambda s: hashlib.sha256(f"fold:{s}".encode()).digest()
    )
    fold_of_site = {site: i % folds for i, site in enumerate(sites)}
    return np.array([fold_of_site[site_key(r.domain)] for r in rows], dtype=int)


def fold_parts(rows: list[Row], folds: int) -> Iterator[tuple[list[int], list[int]]]:
    """Each fold's (training rows, scored rows), as indices: the scored rows are one fold's sites, the
    training rows every other site's; a fold with nothing on either side is left out."""
    fold = site_folds(rows, folds)
    for k in range(folds):
        train = [i for i, f in enumerate(fold) if f != k]
        scored = [i for i, f in enumerate(fold) if f == k]
        if train and scored:
            yield train, scored


def out_of_fold(rows: list[Row], x: np.ndarray, folds: int) -> np.ndarray:
    """P(article) of each row from a model fitted without its site's fold."""
    scores = np.ones(len(rows))
    for train, scored in fold_parts(rows, folds):
        model = fit(x[train], [rows[i].label for i in train])
        scores[scored] = model.probabilities(x[scored])[:, 0]
    return scores


def fit_with_threshold(rows: list[Row], x: np.ndarray, folds: int) -> tuple[Fitted, float]:
    """The model fitted on these rows, and its threshold chosen on these rows alone: on the out-of-fold
    scores of a site-grouped cross-validation among them."""
    threshold = choose_threshold(rows, out_of_fold(rows, x, folds))
    return fit(x, [r.label for r in rows]), threshold


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


def left_as_article(row: Row, p_article: float, threshold: float) -> bool:
    """Whether the rules and the model leave the page as a possible article, as ``pagetype.page_kind`` does:
    the model judges what the rules leave, and a page it is sure of outweighs the rules' listing evidence."""
    if row.features is None:
        return row.by_rules is None
    if row.by_rules is None:
        return p_article >= threshold
    return row.by_rules == "listing" and p_article >= SURE_ARTICLE


@dataclass(frozen=True)
class Verdicts:
    """Each row's outcome: left as a possible article by the rules alone, and by the rules and a model."""

    rows: list[Row]
    by_rules: list[bool]
    with_model: list[bool]


def cross_validate(rows: list[Row], folds: int) -> tuple[Verdicts, list[float]]:
    """Every row judged by a model (and threshold) fitted on the other folds' sites only; the thresholds."""
    names = feature_names(rows)
    left = [left_as_article(r, 1.0, 0.0) for r in rows]  # featureless rows: the rules alone
    thresholds = []
    for train_at, scored_at in fold_parts(rows, folds):
        train = [rows[i] for i in train_at if rows[i].features is not None]
        model, threshold = fit_with_threshold(train, matrix(train, names), folds)
        thresholds.append(threshold)
        scored = [i for i in scored_at if rows[i].features is not None]
        p = model.probabilities(matrix([rows[i] for i in scored], names))[:, 0]
        for i, p_article in zip(scored, p, strict=True):
            left[i] = left_as_article(rows[i], float(p_article), threshold)
    return Verdicts(rows, [r.by_rules is None for r in rows], left), thresholds


def halves_check(rows: list[Row], folds: int) -> tuple[Verdicts, float]:
    """The dev-half check: fitted on the dev half (and the sample web) alone; dev rows judged out of fold
    within it, held-out rows by the model fitted on the whole dev half."""
    dev = [r for r in rows if r.half == "dev"]
    held_out = [r for r in rows if r.half != "dev"]
    dev_verdicts, _ = cross_validate(dev, folds)
    train = [r for r in dev if r.features is not None]
    names = feature_names(train)
    model, threshold = fit_with_threshold(train, matrix(train, names), folds)
    scored = [r for r in held_out if r.features is not None]
    p = dict(zip(map(id, scored), model.probabilities(matrix(scored, names))[:, 0], strict=True))
    held_left = [left_as_article(r, float(p.get(id(r), 1.0)), threshold) for r in held_out]
    verdicts = Verdicts(
        dev + held_out,
        [r.by_rules is None for r in dev + held_out],
        dev_verdicts.with_model + held_left,
    )
    return verdicts, threshold


def row_name(row: Row) -> str:
    if row.label == "article":
        return row.set_name
    return f"sample-web {row.label}" if row.set_name == "sample-web" else row.label


def shares(verdicts: Verdicts) -> dict[str, dict[str, list[int]]]:
    """row name -> half -> [left by the rules, left by the rules and model, pages]."""
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: {h: [0, 0, 0] for h in REPORT_HALVES})
    for row, rules, both in zip(verdicts.rows, verdicts.by_rules, verdicts.with_model, strict=True):
        names = [row_name(row)] + (
            ["listing+collection+product"]
            if row.label in REJECTED_TYPES and row.set_name != "sample-web"
            else []
        )
        for name in names:
            for half in (row.half, "all"):
                cell = table[name][half]
                cell[0] += rules and row.gives_body
                cell[1] += both and row.gives_body
                cell[2] += 1
    return table


def report(title: str, verdicts: Verdicts) -> None:
    """Share of each page type and article set giving a record, per half: by the rules alone -> by the rules
    and model (a page left as a possible article gives one when its body is long enough)."""
    table = shares(verdicts)
    print(
        f"{title}\n{'giving a record, rules -> rules+model':<40}" + "".join(f"{h:>26}" for h in REPORT_HALVES)
    )
    for name in [n for n in REPORT_ORDER if n in table] + sorted(set(table) - set(REPORT_ORDER)):
        cells = "".join(_cell(table[name][h]) for h in REPORT_HALVES)
        print(f"  {name:<38}{cells}")


def _cell(cell: list[int]) -> str:
    rules, both, total = cell
    if not total:
        return f"{'':>26}"
    return f"{rules / total:>7.1%} ->{both / total:>6.1%} {both:>4}/{total:<5}"


def model_file(
    names: list[str],
    model: Fitted,
    threshold: float,
    trained_on: str,
    figures: dict[str, object] | None = None,
) -> dict[str, object]:
    return {
        "about": "page-type model, multinomial logistic regression: python -m devtools.pagetypetrain",
        "trained_on": trained_on,
        "cross_validated": figures or {},
        "features": names,
        "classes": list(CLASSES),
        "mean": [round(float(v), 6) for v in model.mean],
        "scale": [round(float(v), 6) for v in model.scale],
        "weights": [[round(float(v), 6) for v in row] for row in model.weights],
        "bias": [round(float(v), 6) for v in model.bias],
        "article_threshold": round(threshold, 6),
        "sure_article": SURE_ARTICLE,
    }


def figures(verdicts: Verdicts, folds: int) -> dict[str, object]:
    """The cross-validated shares the model file carries: row -> half -> [left as articles, pages]."""
    table = shares(verdicts)
    return {
        "how": f"{folds}-fold cross-validation grouped by site over every set: [pages giving a record, "
        "pages], judged by the rules and a model and threshold fitted without their site (a page left as a "
        "possible article gives one when its body is long enough)",
        "rows": {name: {h: cell[1:] for h, cell in table[name].items() if cell[2]} for name in sorted(table)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="the shared data folder (holds bench/)")
    parser.add_argument("--jobs", type=int, default=1, help="reader processes")
    parser.add_argument("--features", type=Path, help="keep the pages' features in this file between runs")
    parser.add_argument("--folds", type=int, default=5, help="site-grouped folds (outer and inner)")
    parser.add_argument(
        "--protocol",
        choices=("cv", "halves"),
        default="cv",
        help="cv: site-grouped cross-validation over every site, then fit on all (the default); "
        "halves: fit on the dev half, check on the held-out half",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write no model file")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("page-type benchmark data not found (../shared/bench)")
        return 0
    rows = [r for r in load_rows(shared, args.jobs, args.features) if r.label in CLASSES]
    if args.protocol == "halves":
        verdicts, threshold = halves_check(rows, args.folds)
        report(
            f"fitted on the dev half; dev out of fold, held-out unseen (threshold {threshold:.3f})", verdicts
        )
        return 0
    verdicts, thresholds = cross_validate(rows, args.folds)
    chosen = ", ".join(f"{t:.3f}" for t in thresholds)
    report(f"{args.folds}-fold cross-validation grouped by site, every set (thresholds {chosen})", verdicts)
    train = [r for r in rows if r.features is not None]
    names = feature_names(train)
    model, threshold = fit_with_threshold(train, matrix(train, names), args.folds)
    print(f"shipped model: {len(train)} pages of every site, threshold {threshold:.3f}")
    if not args.dry_run:
        trained_on = f"{len(train)} pages of all the benchmark sites (both halves) and the sample web"
        written = model_file(names, model, threshold, trained_on, figures(verdicts, args.folds))
        MODEL_PATH.write_text(json.dumps(written, indent=1) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
