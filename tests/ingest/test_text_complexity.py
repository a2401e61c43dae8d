"""Every text path does work near-linear in its input: the worst inputs we know are timed at n and 4n.

A quadratic pattern (``<script.*?</script>`` over unclosed tags) turns 128 KB into seconds and 5 MB into hours,
and freezes the API while it runs. Each case is a pathological input for one path; its CPU time at size n is
compared with that at 4n. Linear work grows about 4 times, quadratic 16: the bound between them is generous, and
no absolute time is asserted, so a busy machine slows both sizes alike. n doubles until the smaller input costs
enough CPU time to measure reliably (or the larger one would pass the 1,000,000-character body limit).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from services.ingest.boilerplate import Kind, alternate_addresses, classify_lines, clean_line, is_breadcrumb
from services.ingest.dateline import find_dateline
from services.ingest.dedup import canonical
from services.ingest.formats import parse
from services.ingest.normalize import normalize

LINEAR_BOUND = 9.0  # growth from n to 4n: 4 is linear, 16 quadratic
MEASURABLE = 0.1  # seconds of CPU at size n wanted for a steady ratio
FLOOR = 0.01  # below this at the largest size, timer noise would decide the ratio
MAX_CHARS = 1_000_000  # the longest body a Submission takes: beyond it a path only refuses, which is cheap


def _parse(content_type: str) -> Callable[[str], object]:
    return lambda text: parse(content_type, text.encode())


def _normalize(content_type: str) -> Callable[[str], object]:
    return lambda text: [normalize(submission) for submission in parse(content_type, text.encode())]


def _ninjs_html(markup: str) -> str:
    return json.dumps({"headline": "Talks resume", "body_html": markup})


def _lines(text: str) -> list[Kind]:
    return classify_lines([clean_line(line) for line in text.splitlines()])


PROSE = "Negotiators met again in Manila on Monday and agreed to talk on.\n\n"
# name: (the path, a pathological input of size about n)
CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "html: unclosed <script> tags": (_parse("text/html"), lambda n: "a " + "<script>" * n),
    "html: unclosed comments": (_parse("text/html"), lambda n: "a " + "<!--" * n),
    "html: unclosed tags": (_parse("text/html"), lambda n: "a " + "<" * n),
    "html: unclosed <style> in one tag": (_parse("text/html"), lambda n: "a <style " + "x=1 " * n),
    "plaintext: no letters at all": (_parse("text/plain"), lambda n: "1 " * n),
    "ninjs body_html: unclosed <script> tags": (_parse("application/json"),
                                                lambda n: _ninjs_html("a " + "<script>" * n)),
    "ndjson: many lines with U+2028": (_parse("application/x-ndjson"), lambda n: "\n".join(
        [json.dumps({"headline": "A\u2028B", "body_text": "Manila talks"}, ensure_ascii=False)] * (n // 50 + 1))),
    "normalize page: unclosed <script> tags": (_normalize("text/html"),
                                               lambda n: "<p>Talks in Manila.</p>" + "<script>" * n),
    "normalize page: unclosed <div> tags": (_normalize("text/html"),
                                            lambda n: "<p>Talks in Manila.</p>" + "<div>a" * (n // 4)),
    "normalize page: many figures": (_normalize("text/html"), lambda n: "<html><body><article>" + "".join(
        f"<figure><figcaption>Caption {i}</figcaption></figure><p>Paragraph {i} of the talks.</p>"
        for i in range(n // 60)) + "</article></body></html>"),
    "normalize fragment: many figures": (_normalize("application/json"), lambda n: _ninjs_html("".join(
        f"<figure><figcaption>Caption {i}</figcaption></figure><p>Paragraph {i} of the talks.</p>"
        for i in range(n // 60)))),
    "normalize text: photo credits": (_normalize("text/plain"), lambda n: "Word (photo by x " * (n // 16)),
    "normalize text: a long tail of short lines": (_normalize("text/plain"),
                                                   lambda n: PROSE + "Menu item\n" * (n // 10)),
    "boilerplate: a long tail of short lines": (_lines, lambda n: PROSE + "Menu item\n" * (n // 10)),
    "boilerplate: a mirror intro and a run of dots": (
        lambda text: alternate_addresses([text], [Kind.MIRROR_INTRO]), lambda n: "also at: " + "a." * (n // 2)),
    "boilerplate: one long line of every kind": (_lines, lambda n: "Share on " + "(photo by x)/ » " * (n // 16)),
    "boilerplate: a breadcrumb test of a long run of spaces": (is_breadcrumb, lambda n: "News" + " " * n + "x"),
    "dateline: a long capital word": (find_dateline, lambda n: "A" * n),
    "dateline: capital words and hyphens": (find_dateline, lambda n: "A-" * (n // 2)),
    "dedup: whitespace and invisible characters": (canonical, lambda n: " \u200b\t" * (n // 3)),
}


def _cost(path: Callable[[str], object], text: str) -> float:
    """The least CPU time of three runs of ``path`` over ``text`` (refusals count: they are work too)."""
    best = float("inf")
    for _ in range(3):
        start = time.thread_time()
        try:
            path(text)
        except Exception:  # noqa: S110 - a refusal is an outcome here; only its cost matters
            pass
        best = min(best, time.thread_time() - start)
    return best


def growth(path: Callable[[str], object], make: Callable[[int], str], max_chars: int = MAX_CHARS
           ) -> tuple[int, float]:
    """The size n reached and how many times more CPU the input of size 4n cost than that of size n.

    A path that costs under ``FLOOR`` even at the largest size is too cheap for a ratio to mean anything, and
    too cheap to freeze anything: growth 1.
    """
    n = 1000
    while (cost := _cost(path, make(n))) < MEASURABLE and len(make(8 * n)) <= max_chars:
        n *= 2
    if cost < FLOOR:
        return n, 1.0
    return n, _cost(path, make(4 * n)) / cost


@pytest.mark.parametrize("case", sorted(CASES))
def test_work_grows_near_linearly_with_the_input(case: str) -> None:
    path, make = CASES[case]
    n, ratio = growth(path, make)
    print(f"{case}: n={n} ratio={ratio:.1f}")
    assert ratio < LINEAR_BOUND, f"{case}: 4x the input ({4 * n} units) cost {ratio:.1f}x the CPU time"
