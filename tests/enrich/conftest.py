"""One gazetteer and one enricher for the whole enrich suite, built into a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.enrich.gazetteer.build import build
from services.enrich.gazetteer.index import Gazetteer
from services.enrich.pipeline import Enricher
from shared.settings import Settings


@pytest.fixture(scope="session")
def gazetteer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_file: Path) -> Gazetteer:
    return Gazetteer(gazetteer_file)


@pytest.fixture(scope="session")
def enricher(gazetteer_file: Path) -> Enricher:
    settings = Settings(data_dir=gazetteer_file.parent, gazetteer_path=gazetteer_file)
    return Enricher(settings)

