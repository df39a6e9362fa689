"""Reading a whole corpus: its exports in one streaming pass, and its runs' summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reviewcrawl.report.problems import Problems
from reviewcrawl.report.reading import read_records
from reviewcrawl.report.summaries import RunSummary, is_summary, read_summaries, summary_paths
from reviewcrawl.report.tally import CorpusTally


@dataclass
class Corpus:
    exports: list[Path]
    tally: CorpusTally = field(default_factory=CorpusTally)
    runs: list[RunSummary] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def read_corpus(paths: list[Path]) -> Corpus:
    """Tally every export given; summaries are those given and those found beside the exports."""
    exports = list(dict.fromkeys(path for path in paths if not is_summary(path)))
    corpus = Corpus(exports)
    for export in exports:
        for record in read_records(export, corpus.problems):
            corpus.tally.add(record, str(export))  # as given: two runs' folders may hold the same name
    given = [path for path in paths if is_summary(path)]
    corpus.runs = read_summaries(summary_paths(given, exports), corpus.problems)
    return corpus
