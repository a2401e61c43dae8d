"""Third-party errors are translated at the boundary: what may pass is retried, what will not pass is not."""

from __future__ import annotations

import json

import jsonschema
import pytest
import sqlalchemy.exc as sa_exc

from services.http_errors import ERROR_BODY_SCHEMA, documented, error, headers_of, status_of
from shared import errors
from shared.errors import (
    InvalidInput,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
    UnsupportedMediaType,
    translated,
)


@pytest.mark.parametrize("raised", [ConnectionRefusedError("refused"), TimeoutError("slow"), OSError(5, "I/O error"),
                                    sa_exc.OperationalError("SELECT 1", {}, Exception("server closed"))])
def test_connection_and_io_trouble_leaves_as_a_transient_error_caused_by_the_original(raised: Exception) -> None:
    with pytest.raises(TransientError) as caught, translated():
        raise raised
    assert caught.value.__cause__ is raised


@pytest.mark.parametrize("raised", [FileNotFoundError(2, "No such file", "/var/x"), PermissionError(13, "denied"),
                                    KeyError("places"), ValueError("bad")])
def test_a_missing_file_a_refused_one_and_a_bug_are_permanent(raised: Exception) -> None:
    with pytest.raises(PermanentError) as caught, translated():
        raise raised
    assert caught.value.__cause__ is raised


def test_our_own_errors_pass_through_untouched() -> None:
    mine = NotFound("no article x")
    with pytest.raises(NotFound) as caught, translated():
        raise mine
    assert caught.value is mine


def test_http_statuses_and_headers_are_the_http_layers_business() -> None:
    """The tree carries no statuses; services/http_errors.py maps each error onto one."""
    limited = RateLimited("source", "over the limit", retry_after=7)
    assert [status_of(e) for e in (UnsupportedMediaType("content-type", "x"), InvalidInput("guid", "x"),
                                    limited, Unauthorized("Authorization", "x"), NotFound("x"))] == [
        415, 422, 429, 401, 404]
    assert headers_of(limited) == {"Retry-After": "7"}
    assert "WWW-Authenticate" in headers_of(Unauthorized("Authorization", "no key"))
    assert not hasattr(InvalidInput("guid", "x"), "status_code")


def test_the_error_body_the_http_layer_renders_is_the_one_its_openapi_documents() -> None:
    body = json.loads(bytes(error(422, "guid", "missing", "InvalidInput").body))
    jsonschema.validate(body, ERROR_BODY_SCHEMA)
    assert documented(404)[404]["content"] == {"application/json": {"schema": ERROR_BODY_SCHEMA}}
    assert not hasattr(errors, "ERROR_BODY_SCHEMA") and not hasattr(errors, "documented"), "presentation is HTTP's"
