"""The embedded default keeps its files in one data dir, whatever directory a command runs from."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import settings as settings_module
from shared.settings import Settings
from tests.cli.conftest import Newsflow
from tests.conftest import ROOT


def test_commands_from_two_directories_share_one_database_in_the_data_dir(
    newsflow: Newsflow, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Given a source added from one directory, When another directory lists sources, Then it is there."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert newsflow("db", "upgrade", cwd=first).code == 0
    assert newsflow("sources", "add", "wire", cwd=first).code == 0
    listed = newsflow("sources", "list", cwd=second)
    assert listed.code == 0 and listed.out.startswith("wire\t")
    assert (Path(cli_env["NEWSFLOW_DATA_DIR"]) / "newsflow.db").is_file()
    assert not (first / "var").exists() and not (second / "var").exists()


def test_the_older_name_newsflow_var_dir_still_names_the_data_dir(newsflow: Newsflow, tmp_path: Path) -> None:
    older = tmp_path / "older"
    assert newsflow("db", "upgrade", env={"NEWSFLOW_DATA_DIR": "", "NEWSFLOW_VAR_DIR": str(older)}).code == 0
    assert (older / "newsflow.db").is_file()


def test_newsflow_data_dir_wins_over_the_older_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "new"))
    monkeypatch.setenv("NEWSFLOW_VAR_DIR", str(tmp_path / "old"))
    assert Settings().data_dir == tmp_path / "new"


def test_a_relative_data_dir_is_made_absolute_so_child_processes_agree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", "state")
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/state/newsflow.db"
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path}/state/broker.db"


def test_run_from_the_checkout_the_default_is_the_checkouts_var(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NEWSFLOW_DATA_DIR", raising=False)
    monkeypatch.delenv("NEWSFLOW_VAR_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings().data_dir == ROOT / "var"


def test_an_installation_outside_a_checkout_uses_the_users_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NEWSFLOW_DATA_DIR", raising=False)
    monkeypatch.delenv("NEWSFLOW_VAR_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # Where site-packages would put the code: no pyproject.toml beside it.
    monkeypatch.setattr(settings_module, "CHECKOUT", tmp_path / "site-packages")
    assert Settings().data_dir == tmp_path / "xdg" / "newsflow"
