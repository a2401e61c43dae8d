"""``newsflow status``: the pipeline at a glance, live in the terminal or once as JSON for scripts."""

from __future__ import annotations

import json
import time
from typing import Any

import click
from rich.columns import Columns
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from services.cli.common import friendly_errors

STALE_BEAT_S = 60.0


def _pairs(title: str, items: dict[str, Any] | None, styles: dict[str, str] | None = None) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    for key, value in (items or {}).items():
        table.add_row(key, str(value), style=(styles or {}).get(key))
    if items is None:
        table.add_row("unavailable", "", style="red")
    return table


def _workers(workers: list[dict[str, Any]] | None) -> Table:
    table = Table("worker", "host", "last beat", title="workers", title_justify="left")
    for worker in workers or []:
        stale = worker["age_s"] > STALE_BEAT_S
        table.add_row(worker["service"], worker["host"], f"{worker['age_s']:.0f} s ago", style="red" if stale else None)
    if not workers:
        table.add_row("none", "", "", style="red")
    return table


def _mirrors(mirrors: list[dict[str, Any]] | None) -> Table:
    table = Table("mirror", "breaker", "delivered", "pending", "retrying", "dead", "last error", title="mirrors",
                  title_justify="left")
    for mirror in mirrors or []:
        counts = mirror["deliveries"]
        table.add_row(mirror["name"] + ("" if mirror["active"] else " (inactive)"), breaker_text(mirror),
                      str(counts["delivered"]), str(counts["pending"]), str(counts["retrying"]), str(counts["dead"]),
                      (mirror["last_error"] or "")[:60], style="red" if mirror["failing"] or mirror["parked"] else None)
    return table


def breaker_text(mirror: dict[str, Any]) -> str:
    """The breaker as an operator reads it: "closed", or "parked until 21:04:05" (open or probing)."""
    if not mirror["parked"]:
        return "closed"
    until = (mirror["parked_until"] or "")[11:19]
    return ("probing" if mirror["breaker"] == "half_open" else "parked") + (f" until {until}" if until else "")


def _feeds(feeds: dict[str, Any] | None) -> list[str]:
    """One line for the polled feeds, and one per failing feed (`newsflow feeds resume NAME` re-enables it)."""
    if not feeds:
        return []
    states = feeds["states"]
    lines = [f"feeds: {states['active']} active, {states['paused']} paused, "
             + (f"[red]{states['failing']} failing[/]" if states["failing"] else "0 failing")]
    lines += [f"[red]  feed {feed['name']} failing: {(feed['error'] or '')[:80]}[/]" for feed in feeds["failing"]]
    return lines


def render(state: dict[str, Any]) -> Group:
    """The state as rich tables."""
    outbox = state["outbox"] or {}
    backlog = {"outbox pending": outbox.get("pending", "?"), "outbox lag s": outbox.get("lag_s", "?")}
    backlog |= {f"dead: {task}": count for task, count in (state["dead_letters"] or {}).items()}
    parts: list[Any] = [
        f"[bold]newsflow[/] at {state['at']}",
        Columns([_pairs("queues (waiting)", state["queues"]), _pairs("per minute (5 min)", state["rates_per_min"]),
                 _pairs("articles", state["articles"]), _pairs("backlog", backlog)]),
        _workers(state["workers"]),
        _mirrors(state["mirrors"]),
        *_feeds(state.get("feeds")),
    ]
    # The first line says why; the SQL and the link SQLAlchemy append belong in a log, not on the screen.
    parts += [f"[red]{part} unreadable: {_why(why)}[/]" for part, why in state["errors"].items()]
    return Group(*parts)


def _why(error: str) -> str:
    """An error's first line, with the fix when it is an unmigrated database."""
    from services.cli.failures import UNMIGRATED, UPGRADE

    first = error.splitlines()[0]
    return f"{first}: {UPGRADE}" if UNMIGRATED.search(first) else first


@click.command()
@click.option("--once", is_flag=True, help="Show the state once and exit (exit 1 if a part is unreadable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (implies --once).")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between refreshes.")
@friendly_errors
def status(once: bool, as_json: bool, interval: float) -> None:
    """Queue depths, rates per stage, workers, failing mirrors and dead letters, live."""
    from services.console.state import snapshot

    if as_json or once:
        state = snapshot()
        if as_json:
            click.echo(json.dumps(state, indent=2, sort_keys=True))
        else:
            Console().print(render(state))
        raise SystemExit(1 if state["errors"] else 0)
    with Live(render(snapshot()), refresh_per_second=4) as live:
        while True:
            time.sleep(interval)
            live.update(render(snapshot()))
