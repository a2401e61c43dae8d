"""What the terminal says: the version, empty lists, unknown ids, refusals that name their setting."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from tests.cli.conftest import Newsflow

LOCAL = {"NEWSFLOW_OUTBOUND_ALLOWLIST": "127.0.0.1"}


def test_version_prints_the_installed_version(newsflow: Newsflow) -> None:
    run = newsflow("--version")
    assert (run.code, run.out) == (0, f"newsflow {version('newsflow')}\n")


@pytest.mark.parametrize(("args", "says"), [
    (["dlq", "list"], "no open dead letters"),
    (["dlq", "list", "--all"], "no dead letters"),
    (["mirrors", "list"], "no mirrors"),
    (["sources", "list"], "no sources"),
    (["deliveries", "list"], "no deliveries"),
    (["deliveries", "list", "--failed"], "no deliveries matching"),
], ids=" ".join)
def test_an_empty_list_says_so_on_stderr_leaving_stdout_to_rows(migrated: Newsflow, args: list[str], says: str) -> None:
    """`newsflow deliveries list --state pending | cut -f1 | xargs ...` must not read the notice as an id."""
    run = migrated(*args)
    assert (run.code, run.out) == (0, "") and run.error_lines[0].startswith(says)


def test_retrying_every_dead_letter_when_there_is_none_says_so(migrated: Newsflow) -> None:
    run = migrated("dlq", "retry", "--all")
    assert (run.code, run.out) == (0, "no open dead letters\n")


@pytest.mark.parametrize("command", ["retry", "discard", "show"])
def test_an_unknown_dead_letter_id_says_so_and_exits_1(migrated: Newsflow, command: str) -> None:
    run = migrated("dlq", command, "42")
    assert (run.code, run.error_lines) == (1, ["Error: no dead letter 42"])


def test_a_mirror_on_a_private_address_is_refused_naming_the_allowlist_setting(migrated: Newsflow) -> None:
    run = migrated("mirrors", "add", "desk", "http://127.0.0.1:9/hook")
    assert run.code == 2
    assert "127.0.0.1 resolves to 127.0.0.1" in run.err and "NEWSFLOW_OUTBOUND_ALLOWLIST" in run.err


def test_a_mirrors_filter_prints_as_it_was_given(migrated: Newsflow) -> None:
    added = migrated("mirrors", "add", "ph-desk", "http://127.0.0.1:9/hook", "--filter", "country=PH",
                     "--filter", "language=en", env=LOCAL)
    assert added.code == 0 and "(country=PH language=en)" in added.out.splitlines()[0]
    assert migrated("mirrors", "add", "all-desk", "http://127.0.0.1:9/all", env=LOCAL).code == 0
    rows = [line.split("\t") for line in migrated("mirrors", "list").out.splitlines()]
    assert [(row[0], row[-1]) for row in rows] == [("all-desk", "all"), ("ph-desk", "country=PH language=en")]


def test_subscribe_on_the_embedded_broker_warns_that_it_needs_exchange_subscriptions(migrated: Newsflow) -> None:
    run = migrated("subscribe", "article.#", "--timeout", "0.5")
    assert run.code == 0
    assert "NEWSFLOW_EXCHANGE_SUBSCRIPTIONS=my-desk=article.#" in run.err
    assert "--queue my-desk" in run.err


def test_subscribe_on_a_queue_the_publisher_binds_does_not_warn(migrated: Newsflow) -> None:
    run = migrated("subscribe", "article.#", "--queue", "desk", "--timeout", "0.5",
                   env={"NEWSFLOW_EXCHANGE_SUBSCRIPTIONS": "desk=article.#"})
    assert run.code == 0 and "warning" not in run.err
