"""How long the enrich stage takes for one long text: the figures behind the accept limit (MAX_TEXT).

    .venv/bin/python benchmarks/longest_text.py 25000 100000 200000

Prints seconds and characters per second for each size; texts are the bundled samples' paragraphs repeated.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import resources

from services.enrich.pipeline import get_enricher


def sample_text() -> str:
    """The bundled samples' bodies, one paragraph each."""
    samples = resources.files("services.ingest.samples")
    bodies = [json.loads(line).get("body_text") or "" for line in samples.joinpath("markets.ndjson").read_text()
              .split("\n") if line.strip()]
    bodies.append(samples.joinpath("manila-summit.txt").read_text())
    bodies.append(json.loads(samples.joinpath("flood-relief.json").read_text()).get("body_text", ""))
    return "\n\n".join(body for body in bodies if body)


def main(sizes: list[int]) -> None:
    base = sample_text()
    enricher = get_enricher()
    enricher.enrich(["A warm-up in Manila."])  # loading spaCy and the gazetteer is not what is timed
    for size in sizes:
        text = "Headline\n\n" + ((base + "\n\n") * (size // (len(base) + 2) + 1))[:size]
        started = time.perf_counter()
        enricher.enrich([text])
        seconds = time.perf_counter() - started
        print(f"{size:>9,} characters: {seconds:6.2f} s  {size / seconds:8,.0f} characters/s", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [25_000, 100_000])
