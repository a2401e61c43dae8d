"""A JSON text's keys given twice in one object: refused wherever a client's JSON is read (the API's ninjs, the
enrich command's lines), because which value wins differs between readers."""

from __future__ import annotations

import json
from typing import Any

from shared.errors import InvalidInput


def refuse_duplicate_keys(text: str, where: str) -> None:
    """Raise InvalidInput naming a key given twice in one object: which value wins differs between readers.

    orjson keeps the last silently, so the text is read again (only once orjson found it valid) by the
    standard library, whose hook sees every key of every object.
    """

    def once(pairs: list[tuple[str, Any]]) -> None:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InvalidInput(f"{where}: {key}" if where != "body" else key,
                                   "is given twice in one JSON object")
            seen.add(key)

    try:
        json.loads(text, object_pairs_hook=once)
    except RecursionError:
        raise InvalidInput(where, "JSON nested too deeply") from None
