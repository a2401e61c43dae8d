"""Shared inputs of the deployment tests: the repository's files, parsed once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from . import kustomize_lite

REPO = Path(__file__).resolve().parents[2]
KUBERNETES = REPO / "deploy" / "kubernetes"


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="session")
def overlay_objects() -> list[dict[str, Any]]:
    return kustomize_lite.render(KUBERNETES / "overlays" / "example")


@pytest.fixture(scope="session")
def base_objects() -> list[dict[str, Any]]:
    return kustomize_lite.render(KUBERNETES / "base")
