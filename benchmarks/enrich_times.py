"""How long enrichment takes for one article alone: the floor under an article's time through the pipeline.

    .venv/bin/python -m benchmarks.enrich_times [--json]

Every text of the benchmark's corpus (LGL + GeoWebNews when ../shared/eval/data is there, else the bundled
samples), enriched alone in this process (model loading excluded): CPU ms per text, p50 / p95 / p99 / max, and
the longest texts' times. The pipeline's freshness at load can be no better than this tail plus the other stages.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from benchmarks.harness.corpus import Text, enrichment_text, load_texts
from benchmarks.harness.stats import latency_ms


def measure(texts: list[Text] | None = None, corpus: str = "given") -> dict[str, Any]:
    """Each text (default: the benchmark's corpus) enriched alone: its CPU time."""
    from services.enrich.pipeline import get_enricher

    if texts is None:
        corpus, texts = load_texts()
    enricher = get_enricher()
    enricher.enrich(["A warm-up in Manila."])
    timed: list[tuple[float, int]] = []
    for text in texts:
        words = enrichment_text(text)
        started = time.process_time()
        enricher.enrich([words])
        timed.append((time.process_time() - started, len(words)))
    slowest = sorted(timed, reverse=True)[:5]
    return {"corpus": corpus, "texts": len(timed), "cpu_ms": latency_ms([seconds for seconds, _ in timed]),
            "slowest": [{"cpu_ms": round(seconds * 1000, 1), "characters": size} for seconds, size in slowest]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    result = measure()
    if parser.parse_args().json:
        print(json.dumps(result))
        return
    cpu = result["cpu_ms"]
    print(f"{result['texts']} texts ({result['corpus']}), each enriched alone, CPU ms: p50 {cpu['p50_ms']} / "
          f"p95 {cpu['p95_ms']} / p99 {cpu['p99_ms']} / max {cpu['max_ms']} (mean {cpu['mean_ms']})")
    for item in result["slowest"]:
        print(f"  {item['cpu_ms']:7.1f} ms  {item['characters']:6,} characters")


if __name__ == "__main__":
    main()
