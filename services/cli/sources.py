"""Source commands: the wire services allowed to post articles, and their API keys."""

from __future__ import annotations

import click

from services.cli.common import friendly_errors
from shared.db import session_scope


@click.group()
def sources() -> None:
    """Wire services that post articles, each with its own API key."""


@sources.command("add")
@click.argument("name")
@click.option("--signed", is_flag=True, help="Also require Standard Webhooks signatures; prints the whsec_ secret.")
@friendly_errors
def sources_add(name: str, signed: bool) -> None:
    """Register a source and print its API key (shown once, stored only as a hash)."""
    from services.ingest import sources as registry

    with session_scope() as session:
        source, key = registry.add(session, name, signed)
        click.echo(f"added source {source.name}")
        click.echo(f"API key (send as 'Authorization: Bearer <key>'; shown once): {key}")
        if source.signing_secret:
            click.echo(f"signing secret (sign every request with it; shown once): {source.signing_secret}")


@sources.command("list")
@friendly_errors
def sources_list() -> None:
    """Show every source: name, key prefix, state, whether it signs, when it was added."""
    from services.ingest import sources as registry

    with session_scope() as session:
        listed = registry.listing(session)
        if not listed:
            click.echo("no sources (add one with `newsflow sources add NAME`)", err=True)  # stdout: rows only
        for source in listed:
            state = f"revoked {source.revoked_at:%Y-%m-%d %H:%M}" if source.revoked_at else "active"
            signed = "signed" if source.signing_secret else "unsigned"
            click.echo(f"{source.name}\t{source.key_prefix}…\t{state}\t{signed}\t{source.created_at:%Y-%m-%d %H:%M}")


@sources.command("revoke")
@click.argument("name")
@friendly_errors
def sources_revoke(name: str) -> None:
    """Refuse the source's key (within NEWSFLOW_KEY_CACHE_SECONDS, 2 s, in every API process); its articles stay."""
    from services.ingest import sources as registry

    with session_scope() as session:
        registry.revoke(session, name)
    click.echo(f"revoked {name}")


@sources.command("rotate")
@click.argument("name")
@friendly_errors
def sources_rotate(name: str) -> None:
    """Give a source a new API key; the old key stops working within NEWSFLOW_KEY_CACHE_SECONDS (2 s)."""
    from services.ingest import sources as registry

    with session_scope() as session:
        key = registry.rotate(session, name)
    click.echo(f"new API key for {name} (shown once): {key}")
