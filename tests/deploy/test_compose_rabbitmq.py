"""docker-compose.rabbitmq.yml: merged over docker-compose.yml as `docker compose -f ... -f ...` merges it,
the stack is valid, runs every newsflow service on RabbitMQ and waits for a healthy broker."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.cli.newsflow_cli import WORKERS

from .conftest import REPO
from .test_compose import newsflow_services, services


class Override(dict):  # type: ignore[type-arg]
    """A mapping tagged `!override`: replaces what the base file has instead of merging into it."""


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!override", lambda loader, node: Override(loader.construct_mapping(node, deep=True)))


def merge(base: Any, override: Any) -> Any:
    """Compose's merge of an override file: mappings merge key by key, `!override` and scalars replace."""
    if isinstance(override, Override):
        return dict(override)
    if isinstance(base, dict) and isinstance(override, dict):
        return {key: merge(base[key], value) if key in base else merge({}, value) if isinstance(value, Override)
                else value for key, value in override.items()} | {k: v for k, v in base.items() if k not in override}
    return override


@pytest.fixture(scope="module")
def override() -> dict[str, Any]:
    return yaml.load((REPO / "docker-compose.rabbitmq.yml").read_text(), Loader=_Loader)  # noqa: S506 - safe loader


@pytest.fixture(scope="module")
def stack(compose: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    return merge(compose, override)


def running(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services `up` starts: those without a profile."""
    return {name: s for name, s in services(stack).items() if not s.get("profiles")}


def test_the_merged_stack_is_valid_against_the_compose_spec_schema(stack):
    schema = json.loads((REPO / "tests" / "deploy" / "schemas" / "compose_spec.json").read_text())
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in jsonschema.Draft201909Validator(schema).iter_errors(json.loads(json.dumps(stack)))]
    assert errors == []


def test_every_newsflow_service_and_flower_use_rabbitmq(stack):
    for name, service in newsflow_services(stack).items():
        assert service["environment"]["NEWSFLOW_BROKER_URL"].startswith("amqp://"), name
        assert service["environment"]["NEWSFLOW_ENVIRONMENT"] == "production", name  # the rest still merged in
    assert services(stack)["flower"]["environment"]["CELERY_BROKER_URL"].startswith("amqp://")


def test_flower_reads_queue_depths_from_rabbitmq_s_management_api(stack):
    flower, rabbitmq = services(stack)["flower"], services(stack)["rabbitmq"]
    assert rabbitmq["image"].endswith("-management")  # the image with the management plugin enabled
    assert flower["environment"]["FLOWER_BROKER_API"].startswith("http://newsflow:")
    assert flower["environment"]["FLOWER_BROKER_API"].endswith("@rabbitmq:15672/api/")
    assert flower["command"][:4] == ["celery", "-A", "newsflow_flower", "flower"]  # merged in from the base file


@pytest.mark.parametrize("dependant", ["api", *WORKERS])
def test_app_services_start_after_migration_against_a_healthy_rabbitmq(stack, dependant):
    assert services(stack)[dependant]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "rabbitmq": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
    }


def test_nothing_running_depends_on_redis_and_redis_is_left_out(stack):
    assert services(stack)["redis"]["profiles"] == ["redis"]
    for name, service in running(stack).items():
        assert "redis" not in service.get("depends_on", {}), name
        for dependency, spec in service.get("depends_on", {}).items():
            if spec["condition"] == "service_healthy":
                assert "healthcheck" in services(stack)[dependency], (name, dependency)


def test_rabbitmq_is_pinned_persistent_and_health_checked(stack):
    rabbitmq = services(stack)["rabbitmq"]
    assert rabbitmq["image"].startswith("rabbitmq:3.") and rabbitmq["image"] != "rabbitmq:latest"
    assert rabbitmq["healthcheck"]["test"][:2] == ["CMD", "rabbitmq-diagnostics"]
    assert any(v.endswith(":/var/lib/rabbitmq") for v in rabbitmq["volumes"])
    assert rabbitmq["hostname"] == "rabbitmq"  # the node name must not change between restarts
    url = services(stack)["api"]["environment"]["NEWSFLOW_BROKER_URL"]
    assert url.endswith("@rabbitmq:5672/" + rabbitmq["environment"]["RABBITMQ_DEFAULT_VHOST"])


def test_merge_replaces_what_is_tagged_override_and_merges_the_rest():
    """The merge these tests rely on is compose's: checked on a small case."""
    base = {"a": {"env": {"X": "1", "Y": "2"}, "depends_on": {"redis": {}}}}
    over = {"a": {"env": {"Y": "3"}, "depends_on": Override({"rabbitmq": {}})}}
    assert merge(base, over) == {"a": {"env": {"X": "1", "Y": "3"}, "depends_on": {"rabbitmq": {}}}}
