"""`make run` on a fresh checkout: the install is never a silent minute."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _install_recipe() -> list[str]:
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^\$\(STAMP\):.*\n((?:\t.*\n)+)", text, re.M)
    assert recipe is not None, "the Makefile has no $(STAMP) rule"
    return [line.strip() for line in recipe.group(1).splitlines()]


def test_every_long_install_step_is_announced_and_pip_shows_its_progress() -> None:
    recipe = _install_recipe()
    slow = [n for n, line in enumerate(recipe)
            if ("pip install" in line and "--upgrade pip" not in line) or "gazetteer build" in line]
    assert len(slow) == 3
    assert all(recipe[n - 1].startswith("@echo") for n in slow), recipe
    assert not [line for line in recipe if "--quiet" in line or re.search(r"\s-q\b", line)]
