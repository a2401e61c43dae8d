"""Admin HTTP routes of the publish service (mirrors, deliveries), behind the admin key."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["publishing"])
