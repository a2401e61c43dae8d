"""`python -m services.enrich`: JSON lines in on stdin, enrichments out on stdout (as `newsflow enrich --jsonl`)."""

from __future__ import annotations

import sys

from shared.logging import configure_logging

from .jsonl import enrich_jsonl


def main() -> int:
    """Run enrich_jsonl over the standard streams; exit 1 if any line was answered with an error."""
    configure_logging()
    outcome = enrich_jsonl(sys.stdin, sys.stdout)
    if outcome.failed:
        print(f"newsflow enrich: {outcome.failed} of {outcome.answered} lines failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
