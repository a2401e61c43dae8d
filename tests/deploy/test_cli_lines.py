"""Every `newsflow` command line in the deployment files parses with the project's real CLI (tests/cli checks the
checker)."""

from __future__ import annotations

import shlex
from typing import Any

from tests.cli.newsflow_cli import real_cli_accepts

from .conftest import REPO
from .test_compose import newsflow_services


def deployment_command_lines(
    compose: dict[str, Any], overlay_objects: list[dict[str, Any]]
) -> list[list[str]]:
    lines = []
    for service in newsflow_services(compose).values():
        lines.append(service["command"])
        check = service.get("healthcheck", {}).get("test", [])
        if check[1:2] == ["newsflow"]:
            lines.append(check[2:])
    for obj in overlay_objects:
        if obj["kind"] not in {"Deployment", "Job"}:
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            lines.append(container["args"])
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                command = container.get(probe, {}).get("exec", {}).get("command", [])
                if command[:1] == ["newsflow"]:
                    lines.append(command[1:])
    dockerfile = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    for part in dockerfile.replace("&&", "\n").splitlines():
        words = shlex.split(part.strip().removeprefix("RUN "), comments=True)
        if words[:1] == ["newsflow"]:
            lines.append(words[1:])
    return lines


def test_every_deployment_command_line_parses_with_the_real_cli(compose, overlay_objects):
    lines = deployment_command_lines(compose, overlay_objects)
    assert ["gazetteer", "build"] in lines and ["db", "upgrade"] in lines
    rejected = [line for line in lines if not real_cli_accepts(line)]
    assert rejected == []
