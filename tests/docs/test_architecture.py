"""docs/architecture.md names only what exists: every file it points to and every function or class it calls."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "architecture.md"
CODE = ("services", "shared")


def _quoted() -> set[str]:
    """What the page puts in backticks, code blocks left out."""
    text = re.sub(r"```.*?```", "", PAGE.read_text(), flags=re.S)
    return set(re.findall(r"`([^`\n]+)`", text))


def _defined() -> set[str]:
    """Every function, class and module-level name defined in our code."""
    names: set[str] = set()
    for package in CODE:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Assign):
                    names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def test_every_file_the_page_names_exists() -> None:
    files = [q for q in _quoted() if re.fullmatch(r"[\w/]+(\.py|/)", q)]
    assert len(files) > 30
    missing = [f for f in files if not any(ROOT.glob(f"{base}/**/{f}") for base in CODE)
               and not (ROOT / f).exists()]
    assert missing == []


def test_every_function_the_page_calls_is_defined() -> None:
    called = {m.group(1) for q in _quoted() if (m := re.fullmatch(r"(?:\w+\.)*(\w+)\(.*\)", q))}
    assert len(called) > 50
    assert sorted(called - _defined()) == []
