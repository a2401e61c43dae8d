"""An expected failure (no database, an old schema, no broker, no file) is one line with its fix, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Newsflow, Run

# Every subcommand that reads or writes the database.
DATABASE_COMMANDS = [
    ["dlq", "list"], ["dlq", "show", "1"], ["dlq", "retry", "1"], ["dlq", "discard", "--all"], ["doctor"],
    ["mirrors", "list"], ["mirrors", "add", "m", "http://127.0.0.1:9/hook"], ["mirrors", "disable", "m"],
    ["mirrors", "remove", "m"], ["mirrors", "rotate-secret", "m"], ["sources", "list"], ["sources", "add", "wire"],
    ["sources", "revoke", "wire"], ["sources", "rotate", "wire"], ["deliveries", "list"],
    ["deliveries", "retry", "--all-failed"],
]
NO_SERVER = "postgresql+psycopg://postgres@127.0.0.1:1/newsflow"  # nothing listens on port 1


def assert_one_line(run: Run, *words: str) -> None:
    assert run.code != 0
    assert "Traceback" not in run.err
    assert len(run.error_lines) == 1, run.err
    assert all(word in run.error_lines[0] for word in words), run.error_lines


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=" ".join)
def test_an_unmigrated_database_says_run_db_upgrade(newsflow: Newsflow, args: list[str]) -> None:
    assert_one_line(newsflow(*args, env={"NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1"}), "not migrated",
                    "newsflow db upgrade")


@pytest.mark.parametrize("args", [["dlq", "list"], ["mirrors", "list"], ["sources", "add", "wire"], ["doctor"],
                                  ["db", "upgrade"]], ids=" ".join)
def test_an_unreachable_database_is_named_with_the_setting_to_fix(newsflow: Newsflow, args: list[str]) -> None:
    assert_one_line(newsflow(*args, env={"NEWSFLOW_DATABASE_URL": NO_SERVER}), "cannot reach the database",
                    "127.0.0.1:1", "NEWSFLOW_DATABASE_URL")


def test_a_missing_postgresql_database_is_named(newsflow: Newsflow) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/newsflow_no_such_database"
    assert_one_line(newsflow("sources", "list", env={"NEWSFLOW_DATABASE_URL": url}), "cannot reach the database",
                    "newsflow_no_such_database", "does not exist")


def test_an_unreachable_broker_is_named_with_the_setting_to_fix(newsflow: Newsflow) -> None:
    run = newsflow("subscribe", "article.#", "--timeout", "1", env={"NEWSFLOW_BROKER_URL": "redis://127.0.0.1:1/0"})
    assert_one_line(run, "cannot reach the broker", "redis://127.0.0.1:1/0", "NEWSFLOW_BROKER_URL")


def test_a_data_dir_that_cannot_be_made_names_newsflow_data_dir(newsflow: Newsflow, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_one_line(newsflow("db", "upgrade", env={"NEWSFLOW_DATA_DIR": str(blocker / "data")}),
                    str(blocker), "NEWSFLOW_DATA_DIR")


def test_posting_a_missing_file_names_it(migrated: Newsflow) -> None:
    assert_one_line(migrated("post", "no-such-story.json"), "no-such-story.json", "no such file")


def test_importing_a_missing_gazetteer_dump_names_it(newsflow: Newsflow) -> None:
    run = newsflow("gazetteer", "import", "allCountries.txt")
    assert run.code != 0 and "Traceback" not in run.err
    assert "'allCountries.txt' does not exist" in run.err


@pytest.mark.parametrize(("setting", "url", "says"), [
    ("NEWSFLOW_DATABASE_URL", NO_SERVER, "not ready: cannot reach the database"),
    ("NEWSFLOW_BROKER_URL", "redis://127.0.0.1:1/0", "not ready: cannot reach the broker"),
])
def test_health_ready_names_what_does_not_answer_in_one_line(
    migrated: Newsflow, setting: str, url: str, says: str
) -> None:
    run = migrated("health", "ready", env={setting: url})
    assert_one_line(run, says, setting)


def test_status_once_on_an_unmigrated_database_shows_why_without_sql_or_traceback(newsflow: Newsflow) -> None:
    run = newsflow("status", "--once")
    assert run.code == 1 and "Traceback" not in run.err + run.out
    assert "database unreadable" in run.out and "no such table" in run.out and "[SQL:" not in run.out
    assert "newsflow db upgrade" in run.out  # the fix, too (found by a tester who had not seen the code)


@pytest.mark.parametrize("env, words", [
    ({"NEWSFLOW_ENVIRONMENT": "production"}, ["NEWSFLOW_ADMIN_KEY", "production"]),
    ({"NEWSFLOW_TASK_TIME_LIMIT": "900"}, ["NEWSFLOW_VISIBILITY_TIMEOUT", "NEWSFLOW_TASK_TIME_LIMIT"]),
    ({"NEWSFLOW_API_PORT": "abc"}, ["NEWSFLOW_API_PORT", "integer"]),
    ({"NEWSFLOW_DATABASE_URL": "nonsense"}, ["NEWSFLOW_DATABASE_URL", "not a database URL"]),
], ids=["production-without-secrets", "visibility-timeout", "port", "database-url"])
def test_a_bad_setting_is_named_in_one_line(newsflow: Newsflow, env: dict[str, str], words: list[str]) -> None:
    """Found by a tester who had not seen the code: a settings mistake printed a 35-line traceback."""
    assert_one_line(newsflow("dlq", "list", env=env), *words)
