"""The benchmark's article texts: the eval corpora (LGL, GeoWebNews) when present, else the bundled samples."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

EVAL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "data"
CORPUS_FILES = ("lgl.xml", "gwn.xml")
SAMPLE_TYPES = {".json": "application/json", ".txt": "text/plain", ".html": "text/html",
                ".ndjson": "application/x-ndjson"}
HEADLINE_CHARS = 90


@dataclass(frozen=True)
class Text:
    """One article's words: a headline and a body (never printed: corpus text stays out of logs)."""

    headline: str
    body: str


def _headline(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= HEADLINE_CHARS:
        return first
    return first[:HEADLINE_CHARS].rsplit(" ", 1)[0]


def eval_texts(folder: Path = EVAL_DATA) -> list[Text]:
    """Article texts of the XML corpora in ``folder`` (LGL and GeoWebNews both use <article><text>)."""
    texts = []
    for name in CORPUS_FILES:
        path = folder / name
        if not path.exists():
            continue
        for article in ET.parse(path).getroot().iter("article"):
            text = (article.findtext("text") or "").strip()
            if len(text) > 40:
                texts.append(Text(_headline(text), text))
    return texts


def sample_texts() -> list[Text]:
    """The project's own samples, parsed and normalised the way ingest does it."""
    from services.ingest.formats import parse
    from services.ingest.normalize import normalize

    texts = []
    for sample in sorted(resources.files("services.ingest.samples").iterdir(), key=lambda p: p.name):
        media_type = SAMPLE_TYPES.get(Path(sample.name).suffix)
        if media_type is None:
            continue
        for submission in parse(media_type, sample.read_bytes()):
            article = normalize(submission)
            texts.append(Text(article.headline, article.body_text))
    return texts


def load_texts() -> tuple[str, list[Text]]:
    """(source name, texts): the eval corpora when present, else the samples."""
    texts = eval_texts()
    if texts:
        return "eval:" + "+".join(n.removesuffix(".xml") for n in CORPUS_FILES if (EVAL_DATA / n).exists()), texts
    return "samples", sample_texts()


def variant(texts: list[Text], index: int, run_id: str) -> Text:
    """The index-th text of an endless stream: the corpus repeated, each copy made unique for dedup."""
    base = texts[index % len(texts)]
    return Text(base.headline, f"{base.body}\n\nBenchmark copy {run_id}-{index}.")


def ninjs(text: Text, index: int, run_id: str) -> dict[str, str]:
    """A ninjs body for POST /v1/articles with a guid the tap can match."""
    return {"guid": guid(index, run_id), "source": "bench", "headline": text.headline, "body_text": text.body,
            "language": "en"}


def guid(index: int, run_id: str) -> str:
    """The guid of the index-th benchmark article of a run."""
    return f"urn:newsflow-bench:{run_id}:{index}"


def enrichment_text(text: Text) -> str:
    """What the enrich stage reads for this text (headline, blank line, body), for the compute ceiling."""
    return f"{text.headline}\n\n{text.body}"
