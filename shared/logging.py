"""structlog, configured once per process: JSON off a TTY, coloured console on one.

Context variables (article id, task id, request id) are bound with ``bind_contextvars`` by the API
middleware (services/api.py) and once per task by the task decorator (``newsflow_task`` in shared/celery.py),
so one id follows an article through every service. They are for logs only: code that needs an id is passed it.
"""

from __future__ import annotations

import logging
import sys

import structlog

from shared import state

_configured = False
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
    # Celery's own "Task … received" / "… succeeded" lines come before the task decorator binds the article
    # and carry nothing ``task.finished`` does not (with the article, request, outcome and duration): off.
    for celery_per_task in ("celery.worker.strategy", "celery.app.trace"):
        logging.getLogger(celery_per_task).setLevel(logging.WARNING)
    _configured = True


def _forget() -> None:
    global _configured
    _configured = False


state.on_reset("logging", _forget)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """A structlog logger; configure_logging() is called by each process's entry point."""
    return structlog.get_logger(name)
