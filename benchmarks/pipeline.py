"""``make bench``: the pipeline benchmark of issue 6, printed as tables and written to var/bench.json."""

from __future__ import annotations

import sys

from services.cli.bench import bench

if __name__ == "__main__":
    sys.exit(bench.main(args=sys.argv[1:], prog_name="python -m benchmarks.pipeline"))
