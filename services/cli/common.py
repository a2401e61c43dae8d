"""What every CLI command shares: errors naming the bad input; settings errors and expected failures in one line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from services.cli.failures import explained
from shared.errors import InvalidInput, NewsflowError, NotFound

F = TypeVar("F", bound=Callable[..., Any])


def settings_message(exc: ValidationError) -> str:
    """A settings error in one line: each NEWSFLOW_* variable at fault and why."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "invalid")).replace("Value error, ", "")
        problems.append(f"NEWSFLOW_{where.upper()}: {message}" if where else message)
    return "configuration: " + "; ".join(problems)


def friendly_errors(fn: F) -> F:
    """Turn newsflow's errors into a one-line message and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            raise click.UsageError(f"{exc.field}: {exc.reason}") from exc
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
        except ValidationError as exc:  # settings read from NEWSFLOW_* variables
            raise click.ClickException(settings_message(exc)) from exc
        except Exception as exc:
            try:
                line = explained(exc)
            except ValidationError as settings_error:  # explaining reads the settings, which may be the fault
                raise click.ClickException(settings_message(settings_error)) from exc
            if line is not None:
                raise click.ClickException(line) from exc
            if isinstance(exc, NewsflowError):
                raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc
            raise

    return wrapper  # type: ignore[return-value]
