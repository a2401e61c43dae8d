"""What every CLI command shares: clear errors naming the bad input, and settings errors as messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from shared.errors import InvalidInput, NewsflowError, NotFound

F = TypeVar("F", bound=Callable[..., Any])


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
            raise click.ClickException(f"configuration: {exc}") from exc
        except NewsflowError as exc:
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc

    return wrapper  # type: ignore[return-value]
