"""docker-compose.yml: valid against the Compose schema, and shaped for a safe, scalable stack."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from tests.cli.newsflow_cli import WORKERS, is_runtime_command, worker_of

from .conftest import REPO

NEWSFLOW_IMAGE = re.compile(r"^newsflow:")
# Compose durations ("1m30s", "120s"); the schema's "format: duration" is not checked by jsonschema.
DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(h|ms|us|m|s))+$")
UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6}
TASK_TIME_LIMIT = 90
WORKER_METRICS_PORT = "9100"


def seconds(duration: str) -> float:
    assert DURATION.match(duration), f"not a compose duration: {duration!r}"
    return sum(float(n) * UNITS[unit] for n, unit in re.findall(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)", duration))


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def newsflow_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in services(compose).items() if NEWSFLOW_IMAGE.match(s.get("image", ""))}


def worker_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in newsflow_services(compose).items() if s["command"][0] == "worker"}


def test_compose_file_is_valid_against_the_compose_spec_schema(compose):
    schema = json.loads((REPO / "tests" / "deploy" / "schemas" / "compose_spec.json").read_text())
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft201909Validator(schema).iter_errors(compose)
    ]
    assert errors == []


def test_schema_rejects_an_unknown_service_key(compose):
    """The schema check is live: a misspelt key fails it."""
    schema = json.loads((REPO / "tests" / "deploy" / "schemas" / "compose_spec.json").read_text())
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["healthchek"] = broken["services"]["api"].pop("healthcheck")
    assert not jsonschema.Draft201909Validator(schema).is_valid(broken)


def test_compose_file_has_no_obsolete_version_key(compose):
    assert "version" not in compose


def test_shared_environment_comes_from_the_x_newsflow_env_anchor(compose):
    """Every newsflow service gets the shared environment; workers add only their metrics port."""
    env = compose["x-newsflow-env"]
    for name, service in newsflow_services(compose).items():
        extra = {"NEWSFLOW_WORKER_METRICS_PORT": WORKER_METRICS_PORT} if name in WORKERS else {}
        assert service["environment"] == env | extra, name
    assert "NEWSFLOW_WORKER_METRICS_PORT" not in env
    assert env["NEWSFLOW_ENVIRONMENT"] == "production"
    assert env["NEWSFLOW_GAZETTEER_PATH"] == "/opt/newsflow/gazetteer.sqlite"
    assert int(env["NEWSFLOW_VISIBILITY_TIMEOUT"]) > int(env["NEWSFLOW_TASK_TIME_LIMIT"]) == TASK_TIME_LIMIT


def test_admin_key_must_be_supplied_rather_than_defaulted(compose):
    assert re.fullmatch(r"\$\{NEWSFLOW_ADMIN_KEY:\?[^}]+\}", compose["x-newsflow-env"]["NEWSFLOW_ADMIN_KEY"])


def test_every_depends_on_waits_for_a_condition(compose):
    """No sleeps and no bare start order: each dependency names what it waits for."""
    for name, service in services(compose).items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on must use the long form"
        for dependency, spec in depends_on.items():
            assert dependency in services(compose), f"{name} depends on unknown {dependency}"
            assert spec["condition"] in {"service_healthy", "service_completed_successfully"}, (
                name,
                dependency,
            )
            if spec["condition"] == "service_healthy":
                assert "healthcheck" in services(compose)[dependency], dependency


def test_no_service_sleeps(compose):
    for name, service in services(compose).items():
        text = json.dumps([service.get("command"), service.get("entrypoint"), service.get("healthcheck")])
        assert "sleep" not in text, name


def test_workers_can_be_scaled(compose):
    """`docker compose up --scale enrich=4` needs no fixed container name and no host port."""
    assert set(worker_services(compose)) == set(WORKERS)
    for name, service in worker_services(compose).items():
        assert "container_name" not in service, name
        assert "ports" not in service, name


def test_workers_get_longer_to_stop_than_the_task_time_limit(compose):
    for name, service in worker_services(compose).items():
        assert seconds(service["stop_grace_period"]) > TASK_TIME_LIMIT, name


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in services(compose).items():
        if service.get("restart") == "no":
            continue  # one-shot
        check = service.get("healthcheck")
        assert check and not check.get("disable") and check["test"][0] in {"CMD", "CMD-SHELL"}, name
        for key in ("interval", "timeout", "start_period"):
            if key in check:
                seconds(check[key])


def test_only_the_migration_is_one_shot(compose):
    one_shots = [n for n, s in services(compose).items() if s.get("restart") == "no"]
    assert one_shots == ["migrate"]
    assert services(compose)["migrate"]["command"] == ["db", "upgrade"]
    assert services(compose)["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


@pytest.mark.parametrize("dependant", ["api", *WORKERS])
def test_app_services_start_after_migration_against_a_healthy_broker(compose, dependant):
    depends_on = services(compose)[dependant]["depends_on"]
    assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
    assert depends_on["redis"] == {"condition": "service_healthy"}


def test_redis_keeps_queued_messages(compose):
    """The broker persists (appendonly) and refuses writes when full instead of evicting tasks."""
    redis = services(compose)["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert "--maxmemory-policy noeviction" in command
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert any(v.endswith(":/data") for v in redis["volumes"])


def test_postgres_is_16_with_a_volume_and_pg_isready(compose):
    postgres = services(compose)["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])


def test_every_command_is_a_real_newsflow_subcommand(compose):
    for name, service in newsflow_services(compose).items():
        assert is_runtime_command(service["command"]), (name, service["command"])
        check = service.get("healthcheck", {}).get("test", [])
        if check[1:2] == ["newsflow"]:
            assert is_runtime_command(check[2:]), (name, check)


def test_worker_healthchecks_check_their_own_worker(compose):
    for name, service in worker_services(compose).items():
        check = service["healthcheck"]["test"]
        assert check[:3] == ["CMD", "newsflow", "health"], name
        assert worker_of(service["command"]) == worker_of(check[2:]) == name


def test_api_publishes_container_port_8000_on_the_host_port_the_operator_chooses(compose):
    """NEWSFLOW_API_PORT picks the host port (8000 unless set), and the feeds' links follow it."""
    api = services(compose)["api"]
    assert api["ports"] == ["${NEWSFLOW_API_PORT:-8000}:8000"]
    assert api["environment"]["NEWSFLOW_API_PORT"] == "8000"  # inside the container
    assert api["environment"]["NEWSFLOW_PUBLIC_URL"] == (
        "${NEWSFLOW_PUBLIC_URL:-http://localhost:${NEWSFLOW_API_PORT:-8000}}")
    assert "/readyz" in " ".join(api["healthcheck"]["test"])


def test_workers_serve_their_own_metrics_to_the_compose_network_only(compose):
    """Each worker container has its own metrics directory: Prometheus must scrape every one of them."""
    for name, service in worker_services(compose).items():
        assert service["environment"]["NEWSFLOW_WORKER_METRICS_PORT"] == WORKER_METRICS_PORT, name
        assert service["expose"] == [WORKER_METRICS_PORT], name
        assert "ports" not in service, name
        assert service["labels"] == {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": WORKER_METRICS_PORT,
            "prometheus.io/path": "/metrics",
        }, name


def test_api_is_labelled_for_scraping_its_metrics(compose):
    api = services(compose)["api"]
    port = compose["x-newsflow-env"]["NEWSFLOW_API_PORT"]
    assert api["labels"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": port,
        "prometheus.io/path": "/metrics",
    }
    assert "NEWSFLOW_WORKER_METRICS_PORT" not in api["environment"]


def test_no_image_floats_on_latest(compose):
    for name, service in services(compose).items():
        image = service["image"]
        assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"), (name, image)


def test_flower_watches_the_broker_from_loopback_only(compose):
    flower = services(compose)["flower"]
    assert flower["image"].startswith("mher/flower:")
    assert flower["environment"]["CELERY_BROKER_URL"] == compose["x-newsflow-env"]["NEWSFLOW_BROKER_URL"]
    assert all(port.startswith("127.0.0.1:") for port in flower["ports"])


def test_flower_runs_newsflow_s_flower_app_on_its_port(compose):
    """Flower gets an app module (the broker, JSON only, newsflow's queues), mounted read-only, and port 5555."""
    flower = services(compose)["flower"]
    command = flower["command"]
    assert command[:4] == ["celery", "-A", "newsflow_flower", "flower"] and "--port=5555" in command
    (mount,) = flower["volumes"]
    source, target, mode = mount.split(":")
    assert (REPO / source / "newsflow_flower.py").is_file() and mode == "ro"
    assert flower["environment"]["PYTHONPATH"] == target
    assert flower["ports"] == ["127.0.0.1:5555:5555"]


def test_flower_s_app_knows_newsflow_s_queues_and_speaks_json(monkeypatch):
    import importlib.util

    from shared.queues import ALL_QUEUES

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://flower-test:6379/0")
    spec = importlib.util.spec_from_file_location("newsflow_flower", REPO / "deploy" / "flower" / "newsflow_flower.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert tuple(module.QUEUES) == ALL_QUEUES
    assert module.app.conf.broker_url == "redis://flower-test:6379/0"
    assert module.app.conf.accept_content == ["json"]


def test_duration_parser_reads_compose_durations():
    assert seconds("120s") == 120 and seconds("1m30s") == 90 and seconds("2h") == 7200
    with pytest.raises(AssertionError):
        seconds("120")
