"""structlog, configured once per process: JSON off a TTY, coloured console on one.

Context variables (article id, task id, request id) are bound with ``bind_contextvars`` by the API
middleware (services/request_log.py) and once per task by the task decorator (``newsflow_task`` in
shared/celery.py), so one id follows an article through every service. Celery's own per-task lines are logged
outside that context (the main process's "received", the trace's "succeeded"/"retry"/"raised" after the task
returned): ``remember_task`` notes each task's ids and ``add_task_ids`` puts them on those lines. They are for
logs only: code that needs an id is passed it.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

import structlog

from shared import state

_configured = False
_task_ids: OrderedDict[str, dict[str, str]] = OrderedDict()  # Celery task id -> the ids its Celery lines carry
_task_ids_lock = threading.Lock()
RECENT_TASKS = 1024  # enough for every task a process has in hand (prefetched, running, just finished)
# Loggers are finalised on first use (cheaper per line). Tests turn it off so structlog.testing.capture_logs sees
# every logger, whichever test used it first.
CACHE_LOGGERS = True


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """Configure stdlib logging and structlog for this process; later calls do nothing."""
    global _configured
    if _configured:
        return
    from shared.settings import get_settings

    settings = get_settings()
    level_name = (level or settings.log_level).upper()
    fmt = fmt or settings.log_format
    as_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    shared_processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        add_task_ids,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            *shared_processors,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level_name)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=CACHE_LOGGERS,
    )
    # Third-party libraries log through the stdlib; route them through the same renderer.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,  # a library's traceback must reach the log, not its repr
            renderer,
        ], foreign_pre_chain=shared_processors)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level_name)
    for noisy in ("httpx", "httpcore", "trafilatura", "htmldate", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Celery's own per-task lines ("Task … received", "… succeeded", "… retry", "… raised") stay on: they are
    # logged outside the task decorator's context, so add_task_ids gives them the article and request ids.
    _configured = True


def remember_task(task_id: str | None, ids: dict[str, str]) -> None:
    """Note the ids (article, request) Celery's own lines about task ``task_id`` carry in this process."""
    if not task_id or not ids:
        return
    with _task_ids_lock:
        _task_ids[task_id] = ids
        _task_ids.move_to_end(task_id)
        while len(_task_ids) > RECENT_TASKS:
            _task_ids.popitem(last=False)


def add_task_ids(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A structlog processor: a Celery line about a task (its record's ``data["id"]``) gets the task's ids."""
    data = getattr(event_dict.get("_record"), "data", None)
    task_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(task_id, str):
        with _task_ids_lock:
            ids = _task_ids.get(task_id, {})
        for key, value in ids.items():
            event_dict.setdefault(key, value)
        event_dict.setdefault("task_id", task_id)
    return event_dict


def _forget() -> None:
    global _configured
    _configured = False


state.on_reset("logging", _forget)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """A structlog logger; configure_logging() is called by each process's entry point."""
    return structlog.get_logger(name)
