"""Publishing commands: mirrors (and webhook subscribers) and their deliveries."""

from __future__ import annotations

import click
from sqlalchemy import select

from services.cli.common import friendly_errors
from shared.db import session_scope


@click.group()
def mirrors() -> None:
    """Mirror sites and webhook subscribers that receive every published article."""


@mirrors.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--secret", help="A Standard Webhooks secret (whsec_...); generated when omitted.")
@click.option("--filter", "filters", multiple=True, help="language=en, country=PH, place=1701668, entity=NAME")
@click.option("--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True)
@friendly_errors
def mirrors_add(name: str, url: str, secret: str | None, filters: tuple[str, ...], fmt: str) -> None:
    """Register a mirror."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        mirror = registry.add(session, name, url, secret, list(filters), fmt)
        click.echo(f"added mirror {mirror.name} -> {mirror.url}")
        if secret is None:
            click.echo(f"signing secret (give it to the receiver; shown once): {mirror.secret}")


@mirrors.command("list")
@friendly_errors
def mirrors_list() -> None:
    """Show every mirror and its state."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        for mirror in registry.listing(session):
            state = "active" if mirror.active else "disabled"
            click.echo(f"{mirror.name}\t{state}\t{mirror.format}\t{mirror.url}\t{mirror.filter or 'all'}")


def _set_active(name: str, active: bool) -> None:
    from services.publish import mirrors as registry

    with session_scope() as session:
        registry.get(session, name).active = active
    click.echo(f"{name} {'enabled' if active else 'disabled'}")


@mirrors.command("disable")
@click.argument("name")
@friendly_errors
def mirrors_disable(name: str) -> None:
    """Stop delivering to a mirror."""
    _set_active(name, False)


@mirrors.command("enable")
@click.argument("name")
@friendly_errors
def mirrors_enable(name: str) -> None:
    """Resume delivering to a mirror."""
    _set_active(name, True)


@mirrors.command("remove")
@click.argument("name")
@friendly_errors
def mirrors_remove(name: str) -> None:
    """Remove a mirror (its delivery history is kept; the mirror is disabled and renamed)."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        mirror = registry.get(session, name)
        mirror.active = False
        mirror.name = f"{mirror.name}#removed-{mirror.id}"
    click.echo(f"removed {name}")


@click.group()
def deliveries() -> None:
    """Deliveries of articles to mirrors."""


@deliveries.command("list")
@click.option("--failed", is_flag=True, help="Only dead or retrying deliveries.")
@click.option("--mirror", "mirror_name", help="Only this mirror's.")
@friendly_errors
def deliveries_list(failed: bool, mirror_name: str | None) -> None:
    """Show deliveries, newest first."""
    from shared.models import Delivery, DeliveryState, Mirror

    with session_scope() as session:
        query = select(Delivery, Mirror.name).join(Mirror, Mirror.id == Delivery.mirror_id)
        if failed:
            query = query.where(Delivery.state.in_([DeliveryState.DEAD, DeliveryState.RETRYING]))
        if mirror_name:
            query = query.where(Mirror.name == mirror_name)
        for delivery, name in session.execute(query.order_by(Delivery.created_at.desc()).limit(200)):
            click.echo(f"{delivery.id}\t{name}\t{delivery.event}\t{delivery.state}\tattempts={delivery.attempts}"
                       f"\tstatus={delivery.last_status or '-'}\t{delivery.last_error or ''}")


@deliveries.command("retry")
@click.argument("delivery_id", required=False)
@click.option("--all-failed", is_flag=True, help="Retry every dead delivery.")
@friendly_errors
def deliveries_retry(delivery_id: str | None, all_failed: bool) -> None:
    """Send a dead delivery again (after the mirror is fixed)."""
    from services.publish import dispatch
    from shared.models import Delivery, DeliveryState
    from shared.outbox import flush

    if not delivery_id and not all_failed:
        raise click.UsageError("give a DELIVERY_ID or --all-failed")
    with session_scope() as session:
        ids = [delivery_id] if delivery_id else list(session.scalars(
            select(Delivery.id).where(Delivery.state == DeliveryState.DEAD)))
        for one in ids:
            if session.get(Delivery, one) is None:
                raise click.UsageError(f"DELIVERY_ID: no delivery {one}")
        events = [dispatch.replay(session, one) for one in ids]
    from services.publish.tasks import app

    flush(app, events)
    click.echo(f"queued {len(events)} deliveries")
