"""``python -m reviewcrawl.bench``: the extraction benchmark of a source checkout (``devtools.bench``).

Every set is scored side by side with trafilatura and readability-lxml; ``--halves`` adds the cross-site check
(each set split by site into the half rules were written on and the half they never saw). The benchmark and
its data readers live in devtools/, which a wheel does not install: there this says so in one line.
"""

from __future__ import annotations

import sys

from reviewcrawl.cli import NO_CHECKOUT, checkout_tool, error


def main(argv: list[str] | None = None) -> int:
    bench = checkout_tool("bench")
    if bench is None:
        return error(f"the benchmark {NO_CHECKOUT}")
    status: int = bench.main(argv)
    return status


if __name__ == "__main__":
    sys.exit(main())
