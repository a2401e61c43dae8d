"""Commands for data: post files to the API, enrich JSON lines, build or import the gazetteer."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import httpx

from services.cli.common import friendly_errors
from shared.settings import get_settings


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--api", "api_url", default=None, help="API base URL (default from settings).")
@click.option("--key", default=None, help="The source's API key (default NEWSFLOW_API_KEY).")
@friendly_errors
def post(files: tuple[Path, ...], api_url: str | None, key: str | None) -> None:
    """POST article files to the API (content type from the extension)."""
    from services.cli.run import SAMPLE_TYPES

    base = (api_url or get_settings().base_url).rstrip("/")
    key = key or get_settings().api_key
    auth = {"authorization": f"Bearer {key}"} if key else {}
    failures = 0
    for path in files:
        media_type = SAMPLE_TYPES.get(path.suffix.lower())
        if media_type is None:
            raise click.UsageError(f"{path}: unknown extension; use one of {', '.join(sorted(SAMPLE_TYPES))}")
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file; check the path")
        try:
            answer = httpx.post(f"{base}/v1/articles", content=path.read_bytes(),
                                headers={"content-type": media_type} | auth, timeout=60)
        except httpx.HTTPError as exc:
            raise click.ClickException(f"{path}: cannot reach {base}: {exc}") from exc
        if answer.is_success:
            click.echo(f"{path}\t{answer.status_code}\t{answer.text}")
        else:
            failures += 1
            click.echo(f"{path}\t{answer.status_code}\t{answer.text}", err=True)
    if failures:
        sys.exit(1)


@click.command()
@click.option("--jsonl", is_flag=True, required=True, help='Read {"id","text"} lines on stdin, write JSON lines.')
@click.option("--batch-size", type=int, default=32, show_default=True)
@friendly_errors
def enrich(jsonl: bool, batch_size: int) -> None:
    """Enrich texts with the worker's code path (for batch use and evaluation).

    Every line is answered: a bad one with {"id", "line", "error"}; the exit code is 1 if any line failed.
    """
    from services.enrich.jsonl import enrich_jsonl

    outcome = enrich_jsonl(sys.stdin, sys.stdout, batch_size=batch_size)
    if outcome.failed:
        click.echo(f"{outcome.failed} of {outcome.answered} lines failed (see their \"error\")", err=True)
        sys.exit(1)


@click.group()
def gazetteer() -> None:
    """The place-name index enrichment resolves against."""


@gazetteer.command("build")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Default NEWSFLOW_GAZETTEER_PATH.")
@friendly_errors
def gazetteer_build(output: Path | None) -> None:
    """Build the index from the bundled data packages."""
    from services.enrich.gazetteer.build import build

    target = output or get_settings().gazetteer_file
    build(target)
    click.echo(f"gazetteer written to {target}")


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--admin-codes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="admin1CodesASCII.txt (names of first-level regions)")
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="alternateNamesV2.txt")
@click.option("--output", type=click.Path(path_type=Path), default=None)
@friendly_errors
def gazetteer_import(dump: Path, admin_codes: Path | None, alternate_names: Path | None,
                     output: Path | None) -> None:
    """Import an official GeoNames dump (allCountries.txt, cities500.txt) for full coverage."""
    from services.enrich.gazetteer.geonames import import_dump

    target = output or get_settings().gazetteer_file
    written = import_dump(dump, target, admin_codes=admin_codes, alternate_names=alternate_names)
    click.echo(f"imported {dump} into {written}")
