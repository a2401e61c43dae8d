"""The `newsflow` command lines a deployment may run, so no manifest calls a missing subcommand."""

from __future__ import annotations

WORKERS = ("ingest", "enrich", "publish", "deliver", "fetch")
# The queues each worker consumes; deliveries have a worker of their own.
WORKER_QUEUES = {"ingest": ("ingest",), "enrich": ("enrich",), "publish": ("publish",), "deliver": ("deliver",),
                 "fetch": ("fetch",)}
QUEUES = tuple(queue for queues in WORKER_QUEUES.values() for queue in queues)


def _positive_int(text: str) -> bool:
    return text.isdigit() and int(text) > 0


def is_runtime_command(args: list[str]) -> bool:
    """True if `newsflow ARGS` is one of the subcommands a container may run."""
    match args:
        case ["db", "upgrade"] | ["api"] | ["health", "ready"]:
            return True
        case ["worker", name]:
            return name in WORKERS
        case ["worker", name, "--concurrency", count]:
            return name in WORKERS and _positive_int(count)
        case ["health", "worker", name, "--max-age", seconds]:
            return name in WORKERS and _positive_int(seconds)
    return False


def is_build_command(args: list[str]) -> bool:
    """True if `newsflow ARGS` is a subcommand the image build may run."""
    return args == ["gazetteer", "build"]


def worker_of(args: list[str]) -> str | None:
    """The worker a `worker NAME ...` or `health worker NAME ...` command line names, else None."""
    if args[:1] == ["worker"] and len(args) > 1:
        return args[1]
    if args[:2] == ["health", "worker"] and len(args) > 2:
        return args[2]
    return None


def real_cli_accepts(args: list[str]) -> bool:
    """True if the project's own click CLI parses `newsflow ARGS` (without running it)."""
    import click

    from services.cli import main

    command: click.Command = main
    name, rest, parent = "newsflow", list(args), None
    try:
        while True:
            ctx = command.make_context(name, rest, parent=parent)
            if not isinstance(command, click.Group):
                return True
            # click >= 8.2 keeps the subcommand name in _protected_args (protected_args is deprecated).
            remaining = [*getattr(ctx, "_protected_args", []), *ctx.args]
            resolved_name, resolved, rest = command.resolve_command(ctx, remaining)
            if resolved is None or resolved_name is None:
                return False
            command, name, parent = resolved, resolved_name, ctx
    except click.exceptions.Exit:
        return False  # --help and the like: not a command a service runs
    except click.UsageError:
        return False
