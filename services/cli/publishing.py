"""Publishing commands: mirrors (and webhook subscribers) and their deliveries."""

from __future__ import annotations

import click

from services.cli.common import friendly_errors
from shared.db import session_scope


def filter_text(rules: dict[str, list[str]] | None) -> str:
    """A mirror's filter as it was given: ``country=PH language=en``; ``all`` when it has none."""
    return " ".join(f"{key}={value}" for key, values in (rules or {}).items() for value in values) or "all"


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
        click.echo(f"added mirror {mirror.name} -> {mirror.url} ({filter_text(mirror.filter)})")
        if secret is None:
            click.echo(f"signing secret (give it to the receiver; shown once): {mirror.secret}")


@mirrors.command("list")
@friendly_errors
def mirrors_list() -> None:
    """Show every mirror and its state."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        listed = registry.listing(session)
        if not listed:
            click.echo("no mirrors (add one with `newsflow mirrors add NAME URL`)", err=True)  # stdout: rows only
        for mirror in listed:
            state = "active" if mirror.active else "disabled"
            state += " (rotating secret)" if mirror.previous_secret else ""
            breaker = registry.breaker_text(mirror)
            click.echo(f"{mirror.name}\t{state}\t{breaker}\t{mirror.format}\t{mirror.url}\t{filter_text(mirror.filter)}")


def _set_active(name: str, active: bool) -> None:
    from services.publish import mirrors as registry

    with session_scope() as session:
        registry.set_active(session, name, active)
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


@mirrors.command("rotate-secret")
@click.argument("name")
@click.option("--secret", help="The new secret (whsec_...); generated when omitted.")
@friendly_errors
def mirrors_rotate_secret(name: str, secret: str | None) -> None:
    """Give a mirror a new signing secret; deliveries carry both signatures until the next rotation."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        mirror = registry.rotate_secret(session, name, secret)
        new_secret = mirror.secret
    click.echo(f"{name}: new secret in use; the previous one still signs until the next rotation")
    if secret is None:
        click.echo(f"signing secret (give it to the receiver; shown once): {new_secret}")


@mirrors.command("remove")
@click.argument("name")
@friendly_errors
def mirrors_remove(name: str) -> None:
    """Remove a mirror (its delivery history is kept; the mirror is disabled and renamed)."""
    from services.publish import mirrors as registry

    with session_scope() as session:
        registry.remove(session, name)
    click.echo(f"removed {name}")


@click.group()
def deliveries() -> None:
    """Deliveries of articles to mirrors."""


@deliveries.command("list")
@click.option("--failed", is_flag=True, help="Only dead or retrying deliveries.")
@click.option("--state", type=click.Choice(["pending", "retrying", "delivered", "dead"]), help="Only this state.")
@click.option("--mirror", "mirror_name", help="Only this mirror's.")
@friendly_errors
def deliveries_list(failed: bool, state: str | None, mirror_name: str | None) -> None:
    """Show deliveries, newest first."""
    from services.publish import ledger

    with session_scope() as session:
        listed = ledger.listing(session, ledger.FAILED if failed else state, mirror_name)
        if not listed:
            click.echo("no deliveries" + (" matching these options" if failed or state or mirror_name else ""),
                       err=True)  # stdout: rows only
        for delivery, name in listed:
            click.echo(f"{delivery.id}\t{name}\t{delivery.event}\t{delivery.state}\tattempts={delivery.attempts}"
                       f"\tstatus={delivery.last_status or '-'}\t{delivery.last_error or ''}")


@deliveries.command("retry")
@click.argument("delivery_id", required=False)
@click.option("--all-failed", is_flag=True, help="Retry every dead delivery.")
@friendly_errors
def deliveries_retry(delivery_id: str | None, all_failed: bool) -> None:
    """Send a dead delivery again (after the mirror is fixed)."""
    from services.publish import ledger
    from shared.outbox import flush

    if bool(delivery_id) == all_failed:
        raise click.UsageError("give a DELIVERY_ID or --all-failed")
    with session_scope() as session:
        events = [ledger.retry(session, delivery_id)] if delivery_id else ledger.retry_failed(session)
    from services.publish.tasks import app

    flush(app, events)
    click.echo(f"queued {len(events)} deliveries")
