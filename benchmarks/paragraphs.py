"""``python -m benchmarks.paragraphs [--json]``: the enricher on the hand-annotated wire paragraphs (issue 12).

Runs the installation's enricher once over tests/enrich/wire_paragraphs.py and prints the figures that
tests/enrich/test_wire_paragraphs.py holds to its floors, then every error (paragraph id, expected, got) and
every place found that the set does not annotate. With ``--json`` it prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from tests.enrich.wire_paragraphs import PARAGRAPHS
from tests.enrich.wire_scoring import Miss, Score, score, table


def measure() -> tuple[Score, float, float]:
    """The score, the seconds the enricher took to load and the seconds it took over every paragraph."""
    from services.enrich.pipeline import Enricher

    started = time.perf_counter()
    enricher = Enricher()
    loaded = time.perf_counter()
    enrichments = enricher.enrich([paragraph.text for paragraph in PARAGRAPHS])
    done = time.perf_counter()
    return score(PARAGRAPHS, enrichments), loaded - started, done - loaded


def _rows(misses: list[Miss]) -> list[str]:
    return [f"  {m.paragraph:<24} {m.kind:<12} expected {m.expected:<48} got {m.got}" for m in misses]


def main(argv: list[str] | None = None) -> int:
    """Print the figures and the errors (or one JSON object); exit 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.paragraphs", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)
    result, load_s, enrich_s = measure()
    if args.json:
        print(json.dumps({"figures": result.figures(), "load_seconds": round(load_s, 2),
                          "enrich_seconds": round(enrich_s, 2),
                          "errors": [vars(m) for m in result.errors],
                          "unannotated": [vars(m) for m in result.unannotated]}, ensure_ascii=False))
        return 0
    print(f"{len(PARAGRAPHS)} wire paragraphs; enricher loaded in {load_s:.1f} s, enriched them in {enrich_s:.1f} s")
    print(table(result))
    print(f"\nerrors ({len(result.errors)}):")
    print("\n".join(_rows(result.errors)))
    print(f"\nplaces found that the set does not annotate ({len(result.unannotated)}):")
    print("\n".join(f"  {m.paragraph:<24} {m.expected!r:<24} {m.got}" for m in result.unannotated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
