"""Canonical entities: the mentions of one person, organisation or group in an article, under one name."""

from __future__ import annotations

from difflib import SequenceMatcher

from .mention import Mention

_TITLES = {"mr", "mrs", "ms", "dr", "sir", "president", "minister", "gen", "general", "sen", "senator", "rep"}


def _words(name: str) -> list[str]:
    return [w for w in name.replace(".", " ").split() if w.lower() not in _TITLES]


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("Sergey" and "Sergei")."""
    return a[:1] == b[:1] and SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.7


def _same_person(short: str, full: str) -> bool:
    """Whether ``short`` can be a shorter or differently spelt mention of ``full``."""
    short_words, full_words = _words(short), _words(full)
    if not short_words or not full_words:
        return False
    if len(short_words) == 1:
        return short_words[0] == full_words[-1] or (len(full_words) == 1 and _similar(short, full))
    return short_words[-1] == full_words[-1] and len(short_words) == len(full_words) and all(
        _similar(a, b) for a, b in zip(short_words[:-1], full_words[:-1], strict=True))


def person_names(mentions: list[Mention]) -> dict[str, str]:
    """Each person's mention text mapped to the fullest name the article gives that person."""
    # Fullest names first; among equals the first written is the canonical one (sorted() is stable).
    texts = sorted(dict.fromkeys(m.text for m in mentions), key=lambda t: -len(_words(t)))
    canonical: dict[str, str] = {}
    for text in texts:
        owner = next((name for name in dict.fromkeys(canonical.values()) if _same_person(text, name)), None)
        canonical[text] = owner or text
    return canonical


def group_mentions(mentions: list[Mention], names: dict[str, str] | None = None,
                   ) -> list[tuple[str, str, list[Mention]]]:
    """(label, canonical name, mentions) for every entity, people merged across name variants and
    organisations' acronyms under their long forms (``names``: acronym -> long form)."""
    people = person_names([m for m in mentions if m.label == "PERSON"])
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        name = people.get(mention.text, mention.text) if mention.label == "PERSON" else mention.text
        if mention.label == "ORG" and names:
            name = names.get(name, name)
        groups.setdefault((mention.label, name), []).append(mention)
    return [(label, name, found) for (label, name), found in groups.items()]


def surname_labels(mentions: list[Mention]) -> list[Mention]:
    """A one-word mention of a person's surname is that person, whatever label spaCy gave it."""
    surnames = {_words(m.text)[-1] for m in mentions if m.label == "PERSON" and len(_words(m.text)) > 1}
    return [Mention(m.start, m.end, m.text, "PERSON", m.source)
            if m.source == "ner" and m.label in ("ORG", "GPE", "NORP") and m.text in surnames else m
            for m in mentions]
