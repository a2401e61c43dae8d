"""The ``newsflow`` command: wires the services together."""

from __future__ import annotations

import click

from services.cli.admin import db, health
from services.cli.bench import bench
from services.cli.feeds import feeds
from services.cli.operations import dlq, doctor
from services.cli.publishing import deliveries, mirrors
from services.cli.run import api, demo, up, worker
from services.cli.search import search
from services.cli.sources import sources
from services.cli.status import status
from services.cli.subscribe import subscribe
from services.cli.tools import enrich, gazetteer, post


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsflow", message="%(prog)s %(version)s")
def main() -> None:
    """newsflow: ingest, enrich and publish news articles."""
    from pydantic import ValidationError

    from services.cli.common import settings_message
    from shared.logging import configure_logging

    # Once, before any command runs: logs go to stderr, so a command's stdout (enrich --jsonl) carries only data.
    try:
        configure_logging()
    except ValidationError as exc:  # logging reads the settings first: a bad NEWSFLOW_* variable shows here
        raise click.ClickException(settings_message(exc)) from exc


COMMANDS = (db, api, worker, up, demo, post, enrich, gazetteer, mirrors, deliveries, health, sources, subscribe,
            dlq, doctor, bench, feeds, search)
for command in COMMANDS:
    main.add_command(command)
main.add_command(status)
