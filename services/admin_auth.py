"""The admin key that operators' HTTP routes (mirrors, deliveries, feeds) require, in one place for every service."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Header

from shared.errors import Unauthorized
from shared.settings import get_settings


def require_admin(authorization: Annotated[str | None, Header()] = None) -> None:
    """Let the request through only with ``Authorization: Bearer <NEWSFLOW_ADMIN_KEY>``."""
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("authorization", "send Authorization: Bearer <admin key>")
    if not hmac.compare_digest(key.strip().encode(), get_settings().admin_key.encode()):
        raise Unauthorized("authorization", "wrong admin key")
