"""Celery's own lines about a task (logged outside the task's log context) carry the task's article and request."""

from __future__ import annotations

import logging

from shared.logging import RECENT_TASKS, add_task_ids, remember_task


def _celery_line(task_id: str, level: int = logging.ERROR) -> dict:
    """The event dict structlog's ProcessorFormatter builds for a celery.app.trace record about ``task_id``."""
    record = logging.LogRecord("celery.app.trace", level, __file__, 1, "Task %(name)s[%(id)s] raised", None, None)
    record.data = {"id": task_id, "name": "newsflow.enrich.process"}
    return {"event": record.getMessage(), "_record": record}


def test_a_celery_failure_line_gets_the_article_and_request_of_its_task() -> None:
    remember_task("task-1", {"article_id": "article-1", "request_id": "request-1"})
    line = add_task_ids(None, "error", _celery_line("task-1"))
    assert (line["article_id"], line["request_id"], line["task_id"]) == ("article-1", "request-1", "task-1")


def test_ids_already_on_a_line_are_kept_and_other_lines_are_left_alone() -> None:
    remember_task("task-2", {"article_id": "article-2"})
    line = add_task_ids(None, "info", _celery_line("task-2") | {"article_id": "bound-by-the-task"})
    assert line["article_id"] == "bound-by-the-task"
    assert add_task_ids(None, "info", {"event": "worker.ready"}) == {"event": "worker.ready"}


def test_only_the_most_recent_tasks_are_remembered() -> None:
    remember_task("oldest", {"article_id": "gone"})
    for n in range(RECENT_TASKS):
        remember_task(f"newer-{n}", {"article_id": f"a-{n}"})
    assert "article_id" not in add_task_ids(None, "info", _celery_line("oldest"))
    newest = RECENT_TASKS - 1
    assert add_task_ids(None, "info", _celery_line(f"newer-{newest}"))["article_id"] == f"a-{newest}"
