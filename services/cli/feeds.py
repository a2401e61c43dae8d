"""Feed commands: the RSS, Atom and JSON feeds newsflow polls (pull ingest, docs/pull-ingest.md)."""

from __future__ import annotations

import click

from services.cli.common import friendly_errors
from shared.db import session_scope

FULL_TEXT = click.Choice(["auto", "always", "never"])


def _moment(value: object) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else "-"


@click.group()
def feeds() -> None:
    """Feeds polled for articles: add, list, show, pause, resume, remove, poll."""


@feeds.command("add")
@click.argument("url")
@click.option("--source", default=None, help="Whose articles the feed carries (default: the feed's host).")
@click.option("--interval", default=None, help="How often to poll: 90s, 15m, 1h (default NEWSFLOW_FEED_INTERVAL).")
@click.option("--full-text", type=FULL_TEXT, default="auto", show_default=True,
              help="Fetch each item's page for its full text: auto (when the summary is short), always, never.")
@click.option("--name", default=None, help="The feed's name in other commands (default: from its URL).")
@friendly_errors
def feeds_add(url: str, source: str | None, interval: str | None, full_text: str, name: str | None) -> None:
    """Poll the feed at URL from now on."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        feed = registry.add(session, url, source, interval, full_text, name)
        click.echo(f"added feed {feed.name} ({feed.url}) for source {feed.source}, every {feed.interval_s:g} s")


@feeds.command("list")
@friendly_errors
def feeds_list() -> None:
    """Every feed: name, state, last success, last error, next poll, items seen, URL."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        listed = registry.listing(session)
        if not listed:
            click.echo("no feeds (add one with `newsflow feeds add URL`)", err=True)
        for feed in listed:
            error = f"{_moment(feed.last_error_at)} {feed.error_kind or ''}".strip() if feed.last_error_at else "-"
            click.echo(f"{feed.name}\t{feed.state}\tok {_moment(feed.last_success_at)}\terror {error}\t"
                       f"next {_moment(feed.next_poll_at)}\t{feed.items_seen} items\t{feed.url}")


@feeds.command("show")
@click.argument("name")
@friendly_errors
def feeds_show(name: str) -> None:
    """Everything about one feed."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        for key, value in registry.described(registry.get(session, name)).items():
            click.echo(f"{key}: {'-' if value is None else value}")


@feeds.command("pause")
@click.argument("name")
@friendly_errors
def feeds_pause(name: str) -> None:
    """Stop polling the feed until it is resumed."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        registry.pause(session, name)
    click.echo(f"paused {name}")


@feeds.command("resume")
@click.argument("name")
@friendly_errors
def feeds_resume(name: str) -> None:
    """Poll a paused or failing feed again, from now."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        registry.resume(session, name)
    click.echo(f"resumed {name}")


@feeds.command("remove")
@click.argument("name")
@friendly_errors
def feeds_remove(name: str) -> None:
    """Stop polling the feed for good (its articles stay)."""
    from services.ingest.feeds import registry

    with session_scope() as session:
        registry.remove(session, name)
    click.echo(f"removed {name}")


@feeds.command("poll")
@click.argument("name")
@friendly_errors
def feeds_poll(name: str) -> None:
    """Poll the feed once, now, and print what it found (its articles go through the pipeline as usual)."""
    from services.ingest.feeds import registry
    from services.ingest.feeds.poll import poll
    from services.ingest.tasks import app

    with session_scope() as session:
        feed_id = registry.get(session, name).id
    report = poll(feed_id, app)
    click.echo(f"{report.feed}: {report.outcome}; {report.new} new, {report.edited} edited, {report.unchanged} "
               f"unchanged, {report.joined} joined to known articles, {report.repeats} repeated in the feed, "
               f"{len(report.refused)} refused" + (f", {report.left} left for the next poll" if report.left else ""))
    for article_id in report.article_ids:
        click.echo(f"  article {article_id}")
    for line in [*report.refused, *report.notes]:
        click.echo(f"  {line}")
    if report.next_poll_at is not None:
        click.echo(f"next poll {report.next_poll_at:%Y-%m-%d %H:%M:%S} UTC")
    if report.outcome == "error":
        raise click.ClickException(report.error or "the poll failed")
