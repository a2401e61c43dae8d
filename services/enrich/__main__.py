"""`python -m services.enrich`: JSON lines in on stdin, enrichments out on stdout (as `newsflow enrich --jsonl`)."""

from __future__ import annotations

import sys

from shared.errors import InvalidInput
from shared.logging import configure_logging

from .jsonl import enrich_jsonl


def main() -> int:
    """Run enrich_jsonl over the standard streams; a bad line names itself and exits 2."""
    configure_logging()
    try:
        enrich_jsonl(sys.stdin, sys.stdout)
    except InvalidInput as exc:
        print(f"newsflow enrich: {exc.field}: {exc.reason}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
