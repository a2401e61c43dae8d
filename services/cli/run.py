"""Commands that run services: api, worker, up (everything), demo (everything plus the samples)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import resources
from typing import IO

import click
import httpx

from services.cli.common import friendly_errors
from shared.orphans import SUPERVISOR_ENV
from shared.queues import WORKER_DEFAULTS
from shared.settings import get_settings

SAMPLE_TYPES = {".json": "application/json", ".txt": "text/plain", ".html": "text/html",
                ".htm": "text/html", ".ndjson": "application/x-ndjson", ".jsonl": "application/x-ndjson"}


@click.command()
@click.option("--host", default=None, help="Interface to listen on (default NEWSFLOW_API_HOST).")
@click.option("--port", type=int, default=None, help="Port (default NEWSFLOW_API_PORT).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="API processes sharing the port (default NEWSFLOW_API_WORKERS, 1).")
@friendly_errors
def api(host: str | None, port: int | None, workers: int | None) -> None:
    """Run the HTTP API (ingest, article status, feeds)."""
    import uvicorn

    from services.api import served_api
    from shared.logging import configure_logging

    configure_logging()
    settings = get_settings()
    workers = workers or settings.api_workers
    # One process serves the application made here; several each make their own (uvicorn imports the factory), and
    # each stops if this supervisor dies.
    app = served_api() if workers == 1 else "services.api:served_api_child"
    if workers > 1:
        os.environ[SUPERVISOR_ENV] = str(os.getpid())  # read by each child as soon as it starts
    uvicorn.run(app, factory=workers > 1, workers=workers if workers > 1 else None, host=host or settings.api_host,
                port=port or settings.api_port, log_config=None, access_log=False,
                # X-Forwarded-For names the client only from the proxies named (uvicorn's default trusts 127.0.0.1)
                proxy_headers=bool(settings.forwarded_allow_ips),
                forwarded_allow_ips=settings.forwarded_allow_ips or None)


@click.command()
@click.argument("service", type=click.Choice(sorted(WORKER_DEFAULTS)))
@click.option("--concurrency", "-c", type=int, default=None, help="Worker processes or threads.")
@click.option("--pool", type=click.Choice(["prefork", "threads", "solo"]), default=None)
@friendly_errors
def worker(service: str, concurrency: int | None, pool: str | None) -> None:
    """Run one service's Celery worker."""
    from shared.worker import run_worker

    default_pool, default_concurrency = WORKER_DEFAULTS[service]
    hooks: list = []
    if service == "ingest":
        from services.ingest.tasks import app
    elif service == "enrich":
        from services.enrich.gazetteer.build import ensure_built
        from services.enrich.tasks import app

        ensure_built(get_settings().gazetteer_file)
    elif service == "publish":
        from services.publish.tasks import app
    elif service == "fetch":
        from services.ingest.feeds.tasks import app, tick

        hooks.append(tick)
    else:
        from services.publish.tasks import app, enqueue_due_deliveries

        hooks.append(enqueue_due_deliveries)
    run_worker(app, service, concurrency or default_concurrency, pool or default_pool, hooks)


def _prepare(say: Callable[[str], None] = lambda _: None) -> None:
    """Migrate the database and build the gazetteer once, before any worker races to."""
    from services.enrich.gazetteer.build import ensure_built
    from shared.db import upgrade

    settings = get_settings()
    say(f"migrating the database {settings.database_url}")
    upgrade()
    if not settings.gazetteer_file.exists():
        say(f"building the gazetteer at {settings.gazetteer_file} (once; about a minute)")
    ensure_built(settings.gazetteer_file)


def _commands(with_api: bool) -> list[list[str]]:
    return [["worker", name] for name in WORKER_DEFAULTS] + ([["api"]] if with_api else [])


def _start(command: list[str], log: IO[bytes] | None = None) -> subprocess.Popen[bytes]:
    """One service as a child process; its banner and log lines go to ``log`` (None: this terminal)."""
    return subprocess.Popen([sys.executable, "-m", "services.cli", *command], stdout=log, stderr=log)


def _spawn(with_api: bool, log: IO[bytes] | None = None) -> list[subprocess.Popen[bytes]]:
    return [_start(command, log) for command in _commands(with_api)]


def _stop(children: list[subprocess.Popen[bytes]], grace: float = 30.0) -> None:
    """SIGTERM every child (Celery finishes running tasks: warm shutdown), then wait, then kill."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def _supervise(children: list[subprocess.Popen[bytes]], log: IO[bytes] | None = None) -> None:
    """Restart any service that dies (with a pause), until Ctrl-C/SIGTERM; then stop them all."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    commands = [list(child.args[3:]) for child in children]  # type: ignore[index]
    try:
        while True:
            time.sleep(0.5)
            for index, child in enumerate(children):
                if child.poll() is not None:
                    click.echo(f"{' '.join(commands[index])} exited with {child.returncode}; restarting", err=True)
                    time.sleep(1.0)  # a service that cannot start must not spin the machine
                    children[index] = _start(commands[index], log)
    except KeyboardInterrupt:
        click.echo("stopping...", err=True)
    finally:
        _stop(children)


@click.command()
@friendly_errors
def up() -> None:
    """Run the API and the worker services (ingest, enrich, publish, deliver, fetch) as processes; Ctrl-C stops them."""
    _prepare()
    _supervise(_spawn(with_api=True))


def _wait_ready(base: str, children: list[subprocess.Popen[bytes]], logs: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise click.ClickException(f"a service failed to start; see {logs}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise click.ClickException(f"the API at {base} did not become ready within {timeout:.0f} s")


def _post_samples(base: str) -> list[str]:
    ids = []
    for sample in sorted(resources.files("services.ingest.samples").iterdir(), key=lambda p: p.name):
        media_type = SAMPLE_TYPES.get(os.path.splitext(sample.name)[1])
        if media_type is None:
            continue
        answer = httpx.post(f"{base}/v1/articles", content=sample.read_bytes(),
                            headers={"content-type": media_type}, timeout=30)
        answer.raise_for_status()
        data = answer.json()
        ids += [item["id"] for item in data["items"]] if "items" in data else [data["id"]]
        click.echo(f"posted {sample.name}")
    return ids


def _await_published(base: str, ids: list[str], timeout: float) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    done: dict[str, dict] = {}
    while len(done) < len(ids) and time.monotonic() < deadline:
        for article_id in ids:
            if article_id not in done:
                data = httpx.get(f"{base}/v1/articles/{article_id}", timeout=10).json()
                if data["status"] in ("published", "failed"):
                    done[article_id] = data
        time.sleep(0.3)
    return done


def _demo_log() -> tuple[IO[bytes], str]:
    """The file the demo's services write their banners and log lines to, under the data dir."""
    folder = get_settings().log_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.log"
    return path.open("wb"), str(path)  # this run's: a demo log that grows forever helps nobody


@click.command()
@click.option("--exit", "exit_after", is_flag=True, help="Exit once every sample is published.")
@click.option("--timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for the samples.")
@click.option("--verbose", "-v", is_flag=True, help="Show the services' banners and log lines here, not in a file.")
@friendly_errors
def demo(exit_after: bool, timeout: float, verbose: bool) -> None:
    """Run the pipeline, post the bundled samples, show their places and entities and the feeds."""
    from services.cli.report import show_article, show_feeds, show_links

    def say(step: str) -> None:
        click.echo(f"· {step}", err=True)

    if not verbose:  # the migration's step-by-step lines are for operators, not a first look
        logging.getLogger("alembic").setLevel(logging.WARNING)
    _prepare(say)
    base = get_settings().base_url
    log, logs = (None, "the log lines above") if verbose else _demo_log()
    say(f"starting the API and {len(WORKER_DEFAULTS)} workers" + ("" if verbose else f" (their logs: {logs})"))
    children = _spawn(with_api=True, log=log)
    try:
        _wait_ready(base, children, logs)
        say("posting the bundled samples")
        ids = _post_samples(base)
        say("waiting for them to be enriched and published")
        results = _await_published(base, list(dict.fromkeys(ids)), timeout)
        for data in results.values():
            show_article(data)
        show_feeds(base, results.values())
        show_links(base)
        published = sum(data["status"] == "published" for data in results.values())
        click.echo(f"{published} of {len(set(ids))} samples published")
    except BaseException:
        _stop(children)
        raise
    if exit_after:
        _stop(children)
        sys.exit(0 if published == len(set(ids)) else 1)
    click.echo("serving; Ctrl-C to stop")
    _supervise(children, log)
