"""Operator commands for failed and stuck work: the dead-letter queue and the doctor."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from services.cli.common import friendly_errors
from shared.db import session_scope


@click.group()
def dlq() -> None:
    """Messages that failed for good, kept with their error."""


@dlq.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include retried and discarded ones.")
@friendly_errors
def dlq_list(show_all: bool) -> None:
    """Show dead letters, newest first."""
    from sqlalchemy import select

    from shared.models import DeadLetter

    with session_scope() as session:
        query = select(DeadLetter).order_by(DeadLetter.id.desc()).limit(500)
        if not show_all:
            query = query.where(DeadLetter.resolved_at.is_(None))
        letters = list(session.scalars(query))
        if not letters:
            # On stderr: stdout stays rows only, for scripts that pipe it (cut -f1 | xargs ...).
            click.echo("no dead letters" if show_all else "no open dead letters (--all shows resolved ones too)",
                       err=True)
        for letter in letters:
            state = "open" if letter.resolved_at is None else "resolved"
            click.echo(f"{letter.id}\t{state}\t{letter.task_name}\tarticle={letter.article_id or '-'}"
                       f"\t{letter.created_at:%Y-%m-%d %H:%M:%S}\t{letter.error[:120]}")


@dlq.command("show")
@click.argument("letter_id", type=int)
@friendly_errors
def dlq_show(letter_id: int) -> None:
    """Show one dead letter with its message and traceback."""
    from shared.deadletter import get

    letter = get(letter_id)
    click.echo(json.dumps({"id": letter.id, "task": letter.task_name, "article_id": letter.article_id,
                           "error": letter.error, "payload": letter.payload,
                           "created_at": letter.created_at.isoformat(),
                           "resolved_at": letter.resolved_at.isoformat() if letter.resolved_at else None}, indent=2))
    if letter.traceback:
        click.echo(letter.traceback)


def _ids(letter_ids: tuple[int, ...], every: bool) -> list[int]:
    """The dead letters named (each must exist), or every open one with --all."""
    if letter_ids:
        from shared.deadletter import get

        for letter_id in letter_ids:
            get(letter_id)  # NotFound: "no dead letter 42"
        return list(letter_ids)
    if not every:
        raise click.UsageError("give LETTER_ID... or --all")
    from shared.deadletter import pending

    return [letter.id for letter in pending(limit=10_000)]


@dlq.command("retry")
@click.argument("letter_ids", type=int, nargs=-1)
@click.option("--all", "every", is_flag=True, help="Retry every open dead letter.")
@friendly_errors
def dlq_retry(letter_ids: tuple[int, ...], every: bool) -> None:
    """Run dead letters' messages again (after the cause is fixed)."""
    from shared.celery import create_app
    from shared.deadletter import retry
    from shared.outbox import flush

    ids = _ids(letter_ids, every)
    if not ids:
        click.echo("no open dead letters")
        return
    events = retry(ids)
    flush(create_app("cli"), events)
    skipped = len(ids) - len(events)
    click.echo(f"queued {len(events)} messages again" + (f"; {skipped} already resolved" if skipped else ""))


@dlq.command("discard")
@click.argument("letter_ids", type=int, nargs=-1)
@click.option("--all", "every", is_flag=True, help="Discard every open dead letter.")
@friendly_errors
def dlq_discard(letter_ids: tuple[int, ...], every: bool) -> None:
    """Close dead letters without running them."""
    from shared.deadletter import discard

    click.echo(f"discarded {discard(_ids(letter_ids, every))}")


@click.command()
@click.option("--older-than", type=float, default=300.0, show_default=True, help="Seconds without progress.")
@click.option("--redrive", is_flag=True, help="Queue the next stage of every stuck article again.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@friendly_errors
def doctor(older_than: float, redrive: bool, as_json: bool) -> None:
    """Report stuck articles, unsent events and open dead letters; exit 1 when anything is wrong."""
    from shared.celery import create_app
    from shared.doctor import diagnose
    from shared.outbox import flush

    with session_scope() as session:
        report, events = diagnose(session, older_than, redrive)
    flush(create_app("cli"), events)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report) | {"redriven": len(events)}))
    else:
        for item in report.stuck_articles:
            click.echo(f"stuck\t{item['id']}\t{item['status']}\twaiting for {item['waiting_for']}"
                       f" since {item['since']}")
        click.echo(f"stuck articles: {len(report.stuck_articles)}; unsent events: {report.unsent_events}"
                   f" (oldest {report.oldest_unsent_age_s or 0:.0f} s); open dead letters: {report.open_dead_letters}"
                   + (f"; re-driven: {len(events)}" if redrive else ""))
        state = report.reconciler
        click.echo(f"reconciler: lease held by {state['lease_holder'] or 'nobody yet'}"
                   f" until {state['lease_expires'] or '-'}")
        for item in state["redrives"]:
            click.echo(f"re-driven\t{item['stage']}\t{item['reason']}\t{item['items']} items, {item['sends']} sends,"
                       f" last {item['last']}")
        for beat in state["workers"]:
            click.echo(f"worker\t{beat['worker']}\t{beat['service']}\tbeat {beat['beat_age_s']:.0f} s ago"
                       + ("" if beat["alive"] else "\t(stale: its claimed work is re-driven)"))
    sys.exit(0 if report.healthy else 1)
